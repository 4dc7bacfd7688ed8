import type { OpConverter } from '../op-context.ts';

const REDUCE: Record<string, string> = { Sum: 'ReduceSum', Max: 'ReduceMax', Min: 'ReduceMin', Mean: 'ReduceMean', Prod: 'ReduceProd' };

/** Opset 18 takes reduction axes as an input, exactly like TF. */
export const reductionOps: Record<string, OpConverter> = Object.fromEntries(
  Object.entries(REDUCE).map(([tf, onnxOp]) => [
    tf,
    (ctx) => {
      const x = ctx.input(0);
      const axes = ctx.staticInts(1, 'reduction axes');
      const keep = ctx.attr.bool('keep_dims');
      const rank = x.rank === undefined ? undefined : keep ? x.rank : x.rank - axes.length;
      return [ctx.emit1(onnxOp, [x, ctx.int64s('axes', axes)], x.type, rank, { keepdims: keep ? 1 : 0 })];
    },
  ]),
);
