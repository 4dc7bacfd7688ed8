import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ModelFileError } from '../model-file-error.ts';
import { modelJsonSchema, type ModelJson, type TfNode, type WeightSpec } from './tfjs-model-json.ts';

export type WeightValues = Float32Array | Int32Array | Uint8Array;

export interface TfjsGraph {
  /** Absolute path of model.json, for error messages. */
  modelPath: string;
  nodes: TfNode[];
  weights: Map<string, { spec: WeightSpec; values: WeightValues }>;
  /** sha256 over model.json and every weight shard, in manifest order. */
  sourceHash: string;
}

async function readOrExplain(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ModelFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}

function parseModelJson(file: string, bytes: Buffer): ModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ModelFileError(file, `is not valid JSON (${(error as Error).message}); the file may be truncated`, { cause: error });
  }
  const parsed = modelJsonSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ModelFileError(file, `is not a TF.js graph model: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function decodeWeight(spec: WeightSpec, bytes: Uint8Array): WeightValues {
  // A view where the offset allows one, else an aligned copy (a bool weight can shift what follows).
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  switch (spec.dtype) {
    case 'float32':
      return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
    case 'int32':
      return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
    case 'bool':
      return bytes;
  }
}

const BYTES: Record<WeightSpec['dtype'], number> = { float32: 4, int32: 4, bool: 1 };

/**
 * sha256 over model.json and every weight shard, in manifest order: the identity of a TF.js model, computed
 * without decoding any weight (a cached conversion needs nothing more).
 */
export async function hashTfjsModel(modelPath: string): Promise<string> {
  const file = path.resolve(modelPath);
  const jsonBytes = await readOrExplain(file);
  const model = parseModelJson(file, jsonBytes);
  const hash = createHash('sha256').update(jsonBytes);
  for (const group of model.weightsManifest) {
    for (const shard of group.paths) hash.update(await readOrExplain(path.join(path.dirname(file), shard)));
  }
  return hash.digest('hex');
}

/** Reads a TF.js graph model: model.json plus its binary weight shards, checking sizes against the manifest. */
export async function loadTfjsGraph(modelPath: string): Promise<TfjsGraph> {
  const file = path.resolve(modelPath);
  const dir = path.dirname(file);
  const jsonBytes = await readOrExplain(file);
  const model = parseModelJson(file, jsonBytes);
  const hash = createHash('sha256').update(jsonBytes);
  const weights: TfjsGraph['weights'] = new Map();

  for (const group of model.weightsManifest) {
    const shardFiles = group.paths.map((p) => path.join(dir, p));
    const shards = await Promise.all(shardFiles.map(readOrExplain));
    for (const shard of shards) hash.update(shard);
    const data = Buffer.concat(shards);
    const needed = group.weights.reduce((sum, w) => sum + BYTES[w.dtype] * w.shape.reduce((a, b) => a * b, 1), 0);
    if (data.length !== needed) {
      // Every shard but the last has the size of the first; the odd one out is the damaged file.
      const nominal = shards[0]!.length;
      const suspect = shards.findIndex((s, i) => (i < shards.length - 1 ? s.length !== nominal : true));
      throw new ModelFileError(
        shardFiles[Math.max(0, suspect)]!,
        `weight shards hold ${data.length} bytes but ${path.basename(file)} describes ${needed}; the file is truncated or corrupt`,
      );
    }
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.quantization !== undefined) {
        throw new ModelFileError(file, `weight ${spec.name} is quantized, which the converter does not support`);
      }
      const size = BYTES[spec.dtype] * spec.shape.reduce((a, b) => a * b, 1);
      weights.set(spec.name, { spec, values: decodeWeight(spec, data.subarray(offset, offset + size)) });
      offset += size;
    }
  }
  return { modelPath: file, nodes: model.modelTopology.node, weights, sourceHash: hash.digest('hex') };
}
