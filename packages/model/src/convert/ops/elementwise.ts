import { OnnxType } from '../../onnx/data-type.ts';
import { fuseLayerNorm } from '../fusions/layer-norm.ts';
import { maxRank, type OpConverter } from '../op-context.ts';

/** TF unary ops whose ONNX op has the same semantics, under its ONNX name. */
const UNARY: Record<string, string> = {
  Relu: 'Relu',
  Tanh: 'Tanh',
  Sigmoid: 'Sigmoid',
  Sin: 'Sin',
  Cos: 'Cos',
  Exp: 'Exp',
  Log: 'Log',
  Sqrt: 'Sqrt',
  Neg: 'Neg',
  Abs: 'Abs',
  Floor: 'Floor',
  Ceil: 'Ceil',
  Erf: 'Erf',
  Reciprocal: 'Reciprocal',
  LogicalNot: 'Not',
};

/** TF binary ops with numpy broadcasting, which ONNX's multidirectional broadcasting matches. */
const BINARY: Record<string, { onnx: string; boolResult?: boolean }> = {
  Add: { onnx: 'Add' },
  AddV2: { onnx: 'Add' },
  Sub: { onnx: 'Sub' },
  Mul: { onnx: 'Mul' },
  RealDiv: { onnx: 'Div' },
  Maximum: { onnx: 'Max' },
  Minimum: { onnx: 'Min' },
  Pow: { onnx: 'Pow' },
  Less: { onnx: 'Less', boolResult: true },
  LessEqual: { onnx: 'LessOrEqual', boolResult: true },
  Greater: { onnx: 'Greater', boolResult: true },
  GreaterEqual: { onnx: 'GreaterOrEqual', boolResult: true },
  Equal: { onnx: 'Equal', boolResult: true },
  LogicalAnd: { onnx: 'And', boolResult: true },
  LogicalOr: { onnx: 'Or', boolResult: true },
};

export const elementwiseOps: Record<string, OpConverter> = {
  ...Object.fromEntries(
    Object.entries(UNARY).map(([tf, onnxOp]) => [tf, (ctx) => [ctx.emit1(onnxOp, [ctx.input(0)], ctx.input(0).type, ctx.input(0).rank)]]),
  ),
  ...Object.fromEntries(
    Object.entries(BINARY).map(([tf, { onnx: onnxOp, boolResult }]) => [
      tf,
      (ctx) => {
        const [a, b] = [ctx.input(0), ctx.input(1)];
        return [ctx.emit1(onnxOp, [a, b], boolResult ? OnnxType.BOOL : a.type, maxRank(a, b))];
      },
    ]),
  ),
  Add: (ctx) => {
    const [a, b] = [ctx.input(0), ctx.input(1)];
    return [fuseLayerNorm(ctx) ?? ctx.emit1('Add', [a, b], a.type, maxRank(a, b))];
  },
  Square: (ctx) => [ctx.emit1('Mul', [ctx.input(0), ctx.input(0)], ctx.input(0).type, ctx.input(0).rank)],
  Rsqrt: (ctx) => {
    const x = ctx.input(0);
    const root = ctx.emit1('Sqrt', [x], x.type, x.rank);
    return [ctx.emit1('Reciprocal', [root], x.type, x.rank)];
  },
  BiasAdd: (ctx) => {
    const format = ctx.attr.string('data_format', 'NHWC');
    if (format !== 'NHWC') ctx.fail(`data_format ${format} is not supported; only NHWC (bias on the last axis)`);
    return [ctx.emit1('Add', [ctx.input(0), ctx.input(1)], ctx.input(0).type, ctx.input(0).rank)];
  },
  Softmax: (ctx) => [ctx.emit1('Softmax', [ctx.input(0)], ctx.input(0).type, ctx.input(0).rank, { axis: -1 })],
  Cast: (ctx) => {
    const to = ctx.attr.type('DstT') ?? ctx.fail('missing DstT');
    const x = ctx.input(0);
    // TF int32 and int64 both map to ONNX int64, so such a cast is a no-op.
    if (to === x.type) return [x];
    return [ctx.emit1('Cast', [x], to, x.rank, { to })];
  },
  Identity: (ctx) => [ctx.input(0)],
};
