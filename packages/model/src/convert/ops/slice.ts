import { OnnxType } from '../../onnx/data-type.ts';
import { INT64_MAX, INT64_MIN, type OpConverter, type OpContext } from '../op-context.ts';
import type { TensorInfo } from '../tensor-info.ts';

const bit = (mask: number, i: number): boolean => ((mask >> i) & 1) === 1;

interface SliceSpec {
  starts: bigint[];
  ends: bigint[];
  axes: number[];
  steps: bigint[];
  shrink: number[];
  newAxes: number[];
}

/** Expands TF's StridedSlice masks into per-axis ONNX Slice bounds, then Squeeze/Unsqueeze positions. */
function stridedSliceSpec(ctx: OpContext, rank: number | undefined): SliceSpec {
  const begin = ctx.staticInts(1, 'begin');
  const end = ctx.staticInts(2, 'end');
  const strides = ctx.staticInts(3, 'strides');
  const beginMask = ctx.attr.int('begin_mask', 0);
  const endMask = ctx.attr.int('end_mask', 0);
  const ellipsisMask = ctx.attr.int('ellipsis_mask', 0);
  const newAxisMask = ctx.attr.int('new_axis_mask', 0);
  const shrinkMask = ctx.attr.int('shrink_axis_mask', 0);
  const spec: SliceSpec = { starts: [], ends: [], axes: [], steps: [], shrink: [], newAxes: [] };

  let inputAxis = 0;
  let outputAxis = 0;
  for (let i = 0; i < begin.length; i++) {
    if (bit(ellipsisMask, i)) {
      if (rank === undefined) ctx.fail('ellipsis_mask needs the input rank, which is not known here');
      const laterConsuming = begin.slice(i + 1).filter((_, k) => !bit(newAxisMask, i + 1 + k)).length;
      const skipped = rank - inputAxis - laterConsuming;
      inputAxis += skipped;
      outputAxis += skipped;
      continue;
    }
    if (bit(newAxisMask, i)) {
      spec.newAxes.push(outputAxis++);
      continue;
    }
    const step = BigInt(strides[i]!);
    if (step === 0n) ctx.fail('stride 0');
    if (bit(shrinkMask, i)) {
      const b = BigInt(begin[i]!);
      spec.starts.push(b);
      spec.ends.push(b === -1n ? INT64_MAX : b + 1n);
      spec.steps.push(1n);
      spec.axes.push(inputAxis);
      spec.shrink.push(inputAxis);
      inputAxis++;
      continue;
    }
    spec.starts.push(bit(beginMask, i) ? (step > 0n ? 0n : INT64_MAX) : BigInt(begin[i]!));
    spec.ends.push(bit(endMask, i) ? (step > 0n ? INT64_MAX : INT64_MIN) : BigInt(end[i]!));
    spec.steps.push(step);
    spec.axes.push(inputAxis++);
    outputAxis++;
  }
  return spec;
}

function applySpec(ctx: OpContext, x: TensorInfo, spec: SliceSpec): TensorInfo {
  let out = ctx.emit1(
    'Slice',
    [x, ctx.int64s('starts', spec.starts), ctx.int64s('ends', spec.ends), ctx.int64s('axes', spec.axes), ctx.int64s('steps', spec.steps)],
    x.type,
    x.rank,
  );
  // The axis count of a 1-D slice is static when the input length and bounds are.
  if (x.staticLength !== undefined && spec.axes.length === 1 && spec.steps[0] === 1n && spec.shrink.length === 0) {
    const clamp = (v: bigint): number => {
      const n = BigInt(x.staticLength!);
      const abs = v < 0n ? v + n : v;
      return Number(abs < 0n ? 0n : abs > n ? n : abs);
    };
    out.staticLength = Math.max(0, clamp(spec.ends[0]!) - clamp(spec.starts[0]!));
  }
  if (spec.shrink.length > 0) {
    out = ctx.emit1(
      'Squeeze',
      [out, ctx.int64s('shrink', spec.shrink)],
      x.type,
      out.rank === undefined ? undefined : out.rank - spec.shrink.length,
    );
  }
  if (spec.newAxes.length > 0) {
    out = ctx.emit1(
      'Unsqueeze',
      [out, ctx.int64s('new_axes', spec.newAxes)],
      x.type,
      out.rank === undefined ? undefined : out.rank + spec.newAxes.length,
    );
  }
  return out;
}

export const sliceOps: Record<string, OpConverter> = {
  StridedSlice: (ctx) => [applySpec(ctx, ctx.input(0), stridedSliceSpec(ctx, ctx.input(0).rank))],
  Slice: (ctx) => {
    const [x, begin, size] = [ctx.input(0), ctx.input(1), ctx.input(2)];
    if (begin.value && size.value) {
      const b = ctx.staticInts(1, 'begin').map(BigInt);
      const s = ctx.staticInts(2, 'size').map(BigInt);
      const spec: SliceSpec = {
        starts: b,
        ends: s.map((n, i) => (n < 0n ? INT64_MAX : b[i]! + n)),
        axes: b.map((_, i) => i),
        steps: b.map(() => 1n),
        shrink: [],
        newAxes: [],
      };
      return [applySpec(ctx, x, spec)];
    }
    // Dynamic bounds: end = begin + size, where TF's size -1 means "to the end".
    const sum = ctx.emit1('Add', [begin, size], begin.type, 1);
    const negative = ctx.emit1('Less', [size, ctx.int64s('zero', [0], [])], OnnxType.BOOL, 1);
    const ends = ctx.emit1('Where', [negative, ctx.int64s('max', [INT64_MAX], []), sum], begin.type, 1);
    return [ctx.emit1('Slice', [x, begin, ends], x.type, x.rank)];
  },
};
