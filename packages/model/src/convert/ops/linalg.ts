import { OnnxType } from '../../onnx/data-type.ts';
import type { OpConverter, OpContext } from '../op-context.ts';
import type { TensorInfo } from '../tensor-info.ts';

/** Swaps the last two axes; needs the rank, else falls back to an Einsum that does not. */
function transposeLastTwo(ctx: OpContext, x: TensorInfo): TensorInfo | undefined {
  if (x.rank === undefined) return undefined;
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1]!, perm[x.rank - 2]!];
  return ctx.emit1('Transpose', [x], x.type, x.rank, { perm });
}

function batchMatMul(ctx: OpContext): TensorInfo[] {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  const adjA = ctx.attr.bool('adj_x') || ctx.attr.bool('transpose_a');
  const adjB = ctx.attr.bool('adj_y') || ctx.attr.bool('transpose_b');
  const rank = a.rank !== undefined && b.rank !== undefined ? Math.max(a.rank, b.rank) : undefined;
  const ta = adjA ? transposeLastTwo(ctx, a) : a;
  const tb = adjB ? transposeLastTwo(ctx, b) : b;
  if (ta && tb) return [ctx.emit1('MatMul', [ta, tb], a.type, rank)];
  const equation = `...${adjA ? 'ji' : 'ij'},...${adjB ? 'kj' : 'jk'}->...ik`;
  return [ctx.emit1('Einsum', [a, b], a.type, rank, { equation })];
}

function conv2d(ctx: OpContext): TensorInfo[] {
  const [x, kernel] = [ctx.input(0), ctx.input(1)];
  if (ctx.attr.string('data_format', 'NHWC') !== 'NHWC') ctx.fail('only NHWC Conv2D is supported');
  const strides = ctx.attr.ints('strides', [1, 1, 1, 1]);
  const dilations = ctx.attr.ints('dilations', [1, 1, 1, 1]);
  const padding = ctx.attr.string('padding', 'VALID');
  const k = kernel.value;
  if (!k || k.dims.length !== 4) ctx.fail('the kernel must be a constant [height, width, in, out] tensor');
  const [kh, kw, cin, cout] = k.dims as [number, number, number, number];
  const unit = strides.every((s) => s === 1) && dilations.every((d) => d === 1);

  if (kh === 1 && kw === 1 && unit) {
    // A 1×1 NHWC convolution is a matmul over the channel axis; far cheaper than transposing for Conv.
    const weights = ctx.initializer(`${ctx.node.name}/matmul_kernel`, { type: k.type, dims: [cin, cout], values: k.values });
    return [ctx.emit1('MatMul', [x, weights], x.type, 4)];
  }
  if (padding === 'EXPLICIT') ctx.fail('explicit padding is not supported');
  const hwio = k.values as Float32Array;
  const oihw = new Float32Array(hwio.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) oihw[((o * cin + i) * kh + h) * kw + w] = hwio[((h * kw + w) * cin + i) * cout + o]!;
  const weights = ctx.initializer(`${ctx.node.name}/oihw_kernel`, { type: OnnxType.FLOAT, dims: [cout, cin, kh, kw], values: oihw });
  const nchw = ctx.emit1('Transpose', [x], x.type, 4, { perm: [0, 3, 1, 2] });
  const conv = ctx.emit1('Conv', [nchw, weights], x.type, 4, {
    strides: strides.slice(1, 3),
    dilations: dilations.slice(1, 3),
    auto_pad: padding === 'SAME' ? 'SAME_UPPER' : 'VALID',
  });
  return [ctx.emit1('Transpose', [conv], x.type, 4, { perm: [0, 2, 3, 1] })];
}

export const linalgOps: Record<string, OpConverter> = {
  MatMul: batchMatMul,
  BatchMatMul: batchMatMul,
  BatchMatMulV2: batchMatMul,
  Conv2D: conv2d,
};
