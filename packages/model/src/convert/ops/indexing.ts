import { OnnxType } from '../../onnx/data-type.ts';
import type { TensorData } from '../../onnx/onnx-graph-builder.ts';
import type { OpConverter, OpContext } from '../op-context.ts';
import type { TensorInfo } from '../tensor-info.ts';

function zeroOf(type: OnnxType): TensorData {
  switch (type) {
    case OnnxType.FLOAT:
      return { type, dims: [1], values: new Float32Array(1) };
    case OnnxType.INT64:
      return { type, dims: [1], values: new BigInt64Array(1) };
    case OnnxType.BOOL:
      return { type, dims: [1], values: new Uint8Array(1) };
    default:
      throw new Error(`no zero constant for ONNX type ${OnnxType[type]}`);
  }
}

/** TF sparse indices may be a scalar or a vector for 1-D outputs; ScatterND always wants [n, k]. */
function asIndexMatrix(ctx: OpContext, indices: TensorInfo): TensorInfo {
  if (indices.rank === 2) return indices;
  if (indices.rank === 1) return ctx.emit1('Unsqueeze', [indices, ctx.int64s('axes', [1])], indices.type, 2);
  if (indices.rank === 0) return ctx.emit1('Reshape', [indices, ctx.int64s('shape', [1, 1])], indices.type, 2);
  return ctx.fail('sparse_indices of unknown rank');
}

export const indexingOps: Record<string, OpConverter> = {
  GatherV2: (ctx) => {
    const [params, indices] = [ctx.input(0), ctx.input(1)];
    const [axis] = ctx.staticInts(2, 'axis');
    if (ctx.attr.int('batch_dims', 0) !== 0) ctx.fail('batch_dims other than 0 is not supported');
    const rank = params.rank !== undefined && indices.rank !== undefined ? params.rank + indices.rank - 1 : undefined;
    return [ctx.emit1('Gather', [params, indices], params.type, rank, { axis: axis! })];
  },
  GatherNd: (ctx) => {
    const [params, indices] = [ctx.input(0), ctx.input(1)];
    return [ctx.emit1('GatherND', [params, indices], params.type, undefined)];
  },
  ScatterNd: (ctx) => {
    const [indices, updates, shape] = [ctx.input(0), ctx.input(1), ctx.input(2)];
    const zeros = ctx.emit1('ConstantOfShape', [shape], updates.type, shape.staticLength, { value: zeroOf(updates.type) });
    // TF ScatterNd sums updates that share an index; reduction "add" keeps that meaning.
    return [
      ctx.emit1('ScatterND', [zeros, indices, updates], updates.type, shape.staticLength ?? shape.value?.dims[0], { reduction: 'add' }),
    ];
  },
  SparseToDense: (ctx) => {
    const [indices, outputShape, values, fallback] = [ctx.input(0), ctx.input(1), ctx.input(2), ctx.input(3)];
    const rank = outputShape.staticLength ?? outputShape.value?.dims[0];
    const dense = ctx.emit1('Expand', [fallback, outputShape], values.type, rank);
    const matrix = asIndexMatrix(ctx, indices);
    let updates = values;
    if (values.rank === 0) {
      const count = ctx.emit1(
        'Slice',
        [ctx.emit1('Shape', [matrix], OnnxType.INT64, 1), ctx.int64s('start', [0]), ctx.int64s('end', [1])],
        OnnxType.INT64,
        1,
      );
      updates = ctx.emit1('Expand', [values, count], values.type, 1);
    }
    return [ctx.emit1('ScatterND', [dense, matrix, updates], values.type, rank)];
  },
};
