import type { OpConverter } from './op-context.ts';
import { elementwiseOps } from './ops/elementwise.ts';
import { indexingOps } from './ops/indexing.ts';
import { linalgOps } from './ops/linalg.ts';
import { reductionOps } from './ops/reduction.ts';
import { shapeOps } from './ops/shape.ts';
import { sliceOps } from './ops/slice.ts';

/** Every TF op the converter translates (Const and Placeholder are handled by the graph walker). */
export const opConverters: Readonly<Record<string, OpConverter>> = {
  ...elementwiseOps,
  ...reductionOps,
  ...shapeOps,
  ...sliceOps,
  ...indexingOps,
  ...linalgOps,
};

export function supportedTfOps(): string[] {
  return ['Const', 'Placeholder', ...Object.keys(opConverters)].sort();
}
