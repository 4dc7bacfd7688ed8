import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const HF_DTYPES = ['fp32', 'fp16', 'q8'] as const;
export type HfDtype = (typeof HF_DTYPES)[number];

/** The file transformers.js loads for each dtype: model.onnx, model_fp16.onnx, model_quantized.onnx. */
export const DTYPE_SUFFIX: Record<HfDtype, string> = { fp32: '', fp16: '_fp16', q8: '_quantized' };

/** Where a Hugging Face model comes from: a local directory, or a hub id when remote loading is on. */
export interface HfSource {
  /** What transformers.js is given: an absolute directory, or the hub id. */
  location: string;
  local: boolean;
  /** The folder of the ONNX files inside the model: 'onnx' (Optimum and Xenova exports) or '' (top level). */
  subfolder: string;
  /** The ONNX file's path; for a remote model, where transformers.js caches it. */
  modelFile: string;
}

const LAYOUT_HINT =
  'a Hugging Face model directory should contain tokenizer.json, tokenizer_config.json, config.json and onnx/model.onnx (model_quantized.onnx for q8, model_fp16.onnx for fp16) or the same at the top level';

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

/** Reads a JSON object, failing with the path in the message (transformers.js's own errors do not name it). */
export async function readJsonObject(file: string): Promise<Record<string, unknown>> {
  if (!(await isFile(file))) throw new Error(`${file}: file not found; ${LAYOUT_HINT}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file}: expected a JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * Checks a model before transformers.js loads it, so that a broken directory fails naming the missing or unreadable
 * file. A path that is not a directory is a hub id, allowed only with remote loading on.
 */
export async function resolveHfSource(
  model: string,
  options: { remote: boolean; dtype: HfDtype; cacheDir: string; fileName?: string },
): Promise<HfSource> {
  const file = `${options.fileName ?? 'model'}${DTYPE_SUFFIX[options.dtype]}.onnx`;
  const dir = path.resolve(model);
  const isDir = (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
  if (!isDir) {
    if (!options.remote) {
      throw new Error(
        `${dir}: no such model directory; ${LAYOUT_HINT} (a hub id such as Xenova/bge-small-zh-v1.5 needs remote loading turned on)`,
      );
    }
    return { location: model, local: false, subfolder: 'onnx', modelFile: path.join(options.cacheDir, model, 'onnx', file) };
  }
  await Promise.all(['tokenizer.json', 'config.json'].map((name) => readJsonObject(path.join(dir, name))));
  for (const subfolder of ['onnx', '']) {
    const modelFile = path.join(dir, subfolder, file);
    if (await isFile(modelFile)) return { location: dir, local: true, subfolder, modelFile };
  }
  throw new Error(`${path.join(dir, 'onnx', file)} or ${path.join(dir, file)}: file not found (dtype ${options.dtype}); ${LAYOUT_HINT}`);
}

/** The first 16 hex digits of the ONNX file's SHA-256, streamed: multilingual encoders run to gigabytes. */
export async function hashModelFile(file: string): Promise<string | undefined> {
  if (!(await isFile(file))) return undefined;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 16);
}
