import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** The tokenizer files of a Hugging Face-layout model directory. */
export interface HfTokenizerFiles {
  /** Absolute path of the directory. */
  dir: string;
  tokenizerPath: string;
  /** Parsed tokenizer.json, still unvalidated: the tokenizer library checks its shape. */
  tokenizerJson: Record<string, unknown>;
  /** Parsed tokenizer_config.json, or {} when the directory has none. */
  tokenizerConfig: Record<string, unknown>;
}

/** Everything the HF backend reads from a model directory. */
export interface HfModelDir extends HfTokenizerFiles {
  /** Parsed config.json, or undefined when the directory has none. */
  modelConfig: Record<string, unknown> | undefined;
  modelPath: string;
  modelBytes: Uint8Array;
}

const LAYOUT_HINT =
  'a Hugging Face model directory should contain tokenizer.json (plus tokenizer_config.json and config.json) and onnx/model.onnx or model.onnx';

/** Candidate model locations, in order of preference: Xenova/* and Optimum exports put it under onnx/. */
const MODEL_CANDIDATES = [path.join('onnx', 'model.onnx'), 'model.onnx'];

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function readJsonObject(file: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: expected a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

async function readOptionalJsonObject(file: string): Promise<Record<string, unknown> | undefined> {
  return (await isFile(file)) ? readJsonObject(file) : undefined;
}

/** Reads the tokenizer files, failing with the missing or unreadable path in the message. */
export async function readHfTokenizerFiles(dirOption: string): Promise<HfTokenizerFiles> {
  const dir = path.resolve(dirOption);
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) throw new Error(`${dir}: no such model directory; ${LAYOUT_HINT}`);
  const tokenizerPath = path.join(dir, 'tokenizer.json');
  if (!(await isFile(tokenizerPath))) throw new Error(`${tokenizerPath}: file not found; ${LAYOUT_HINT}`);
  const [tokenizerJson, tokenizerConfig] = await Promise.all([
    readJsonObject(tokenizerPath),
    readOptionalJsonObject(path.join(dir, 'tokenizer_config.json')),
  ]);
  return { dir, tokenizerPath, tokenizerJson, tokenizerConfig: tokenizerConfig ?? {} };
}

/** Locates and reads a model directory, failing with the missing or unreadable path in the message. */
export async function readHfModelDir(dirOption: string): Promise<HfModelDir> {
  const tokenizerFiles = await readHfTokenizerFiles(dirOption);
  const { dir } = tokenizerFiles;

  let modelPath: string | undefined;
  for (const candidate of MODEL_CANDIDATES.map((c) => path.join(dir, c))) {
    if (await isFile(candidate)) {
      modelPath = candidate;
      break;
    }
  }
  if (modelPath === undefined) {
    const tried = MODEL_CANDIDATES.map((c) => path.join(dir, c)).join(' or ');
    throw new Error(`${tried}: file not found; ${LAYOUT_HINT}`);
  }

  const [modelConfig, modelBytes] = await Promise.all([readOptionalJsonObject(path.join(dir, 'config.json')), readFile(modelPath)]);
  return { ...tokenizerFiles, modelConfig, modelPath, modelBytes };
}
