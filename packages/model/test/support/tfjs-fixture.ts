import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FixtureWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: number[];
}

type Attr = Record<string, unknown>;

export const tfType = { float: { type: 1 }, int32: { type: 3 }, int64: { type: 9 }, bool: { type: 10 } } as const;

export function constNode(weight: FixtureWeight): { name: string; op: string; attr: Attr } {
  return { name: weight.name, op: 'Const', attr: { dtype: weight.dtype === 'float32' ? tfType.float : tfType.int32, value: {} } };
}

export function placeholder(name: string, dims: number[], dtype: keyof typeof tfType = 'float') {
  return {
    name,
    op: 'Placeholder',
    attr: { dtype: tfType[dtype], shape: { shape: { dim: dims.map((size) => ({ size: String(size) })) } } },
  };
}

/** Writes a TF.js graph model (model.json + one weight shard) into `dir` and returns model.json's path. */
export function writeTfjsModel(
  dir: string,
  nodes: Array<{ name: string; op: string; input?: string[]; attr?: Attr }>,
  weights: FixtureWeight[],
): string {
  mkdirSync(dir, { recursive: true });
  const parts = weights.map((w) => Buffer.from((w.dtype === 'float32' ? Float32Array.from(w.values) : Int32Array.from(w.values)).buffer));
  writeFileSync(path.join(dir, 'group1-shard1of1.bin'), Buffer.concat(parts));
  const manifest = [{ paths: ['group1-shard1of1.bin'], weights: weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) }];
  const file = path.join(dir, 'model.json');
  writeFileSync(file, JSON.stringify({ format: 'graph-model', modelTopology: { node: nodes }, weightsManifest: manifest }));
  return file;
}
