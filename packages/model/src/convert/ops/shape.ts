import { OnnxType } from '../../onnx/data-type.ts';
import type { OpConverter, OpContext } from '../op-context.ts';
import type { TensorInfo } from '../tensor-info.ts';

/** Static length of a 1-D shape tensor, when the converter can see it. */
function staticLength(shape: TensorInfo): number | undefined {
  return shape.value?.dims[0] ?? (shape.rank === 1 ? shape.staticLength : undefined);
}

function unsqueeze(ctx: OpContext, x: TensorInfo, axes: number[]): TensorInfo {
  return ctx.emit1('Unsqueeze', [x, ctx.int64s('axes', axes)], x.type, x.rank === undefined ? undefined : x.rank + axes.length);
}

export const shapeOps: Record<string, OpConverter> = {
  Shape: (ctx) => {
    const x = ctx.input(0);
    return [{ ...ctx.emit1('Shape', [x], OnnxType.INT64, 1), staticLength: x.rank }];
  },
  Reshape: (ctx) => {
    const [x, shape] = [ctx.input(0), ctx.input(1)];
    // TF has no "0 copies the input dim" rule, so ONNX must be told with allowzero.
    return [ctx.emit1('Reshape', [x, shape], x.type, staticLength(shape), { allowzero: 1 })];
  },
  ExpandDims: (ctx) => {
    const [axis] = ctx.staticInts(1, 'axis');
    return [unsqueeze(ctx, ctx.input(0), [axis!])];
  },
  Squeeze: (ctx) => {
    const x = ctx.input(0);
    const dims = ctx.attr.ints('squeeze_dims', ctx.attr.ints('axis', []));
    if (dims.length === 0) return [ctx.emit1('Squeeze', [x], x.type, undefined)];
    return [ctx.emit1('Squeeze', [x, ctx.int64s('axes', dims)], x.type, x.rank === undefined ? undefined : x.rank - dims.length)];
  },
  ConcatV2: (ctx) => {
    const values = ctx.inputs.slice(0, -1);
    const [axis] = ctx.staticInts(ctx.inputs.length - 1, 'axis');
    const lengths = values.map(staticLength);
    const out = ctx.emit1('Concat', values, values[0]!.type, values.find((v) => v.rank !== undefined)?.rank, { axis: axis! });
    return [{ ...out, staticLength: lengths.every((l) => l !== undefined) ? lengths.reduce((a, b) => a! + b!, 0) : undefined }];
  },
  Pack: (ctx) => {
    const axis = ctx.attr.int('axis', 0);
    const parts = ctx.inputs.map((v) => unsqueeze(ctx, v, [axis]));
    const first = ctx.inputs[0]!;
    const out = parts.length === 1 ? parts[0]! : ctx.emit1('Concat', parts, first.type, parts[0]!.rank, { axis });
    return [{ ...out, staticLength: first.rank === 0 ? parts.length : undefined }];
  },
  Transpose: (ctx) => {
    const perm = ctx.staticInts(1, 'permutation');
    return [ctx.emit1('Transpose', [ctx.input(0)], ctx.input(0).type, perm.length, { perm })];
  },
  SplitV: (ctx) => {
    const x = ctx.input(0);
    const sizes = ctx.staticInts(1, 'size_splits');
    const [axis] = ctx.staticInts(2, 'axis');
    if (sizes.some((s) => s < 0)) ctx.fail('size_splits with -1 needs the static dimension size, which the converter does not track');
    const names = ctx.emit('Split', [x, ctx.int64s('split', sizes)], { axis: axis! }, { count: sizes.length });
    return names.map((name) => ({ name, type: x.type, rank: x.rank }));
  },
  Range: (ctx) => {
    const [start, limit, delta] = [ctx.input(0), ctx.input(1), ctx.input(2)];
    return [ctx.emit1('Range', [start, limit, delta], start.type, 1)];
  },
  Where: (ctx) => {
    if (ctx.inputs.length !== 1) ctx.fail('only the one-input form (coordinates of true elements) exists in TF');
    // NonZero gives [rank, n]; TF's Where gives [n, rank].
    const coords = ctx.emit1('NonZero', [ctx.input(0)], OnnxType.INT64, 2);
    return [ctx.emit1('Transpose', [coords], OnnxType.INT64, 2, { perm: [1, 0] })];
  },
};
