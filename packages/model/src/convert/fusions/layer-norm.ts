import { FloatAttribute } from '../../onnx/onnx-graph-builder.ts';
import type { TfNode } from '../../tfjs/tfjs-model-json.ts';
import type { GraphView, OpContext } from '../op-context.ts';
import type { TensorInfo } from '../tensor-info.ts';

const dataInputs = (node: TfNode): string[] => (node.input ?? []).filter((r) => !r.startsWith('^'));

/** The producer of `ref` if it is one of `ops`. */
function producerOf(graph: GraphView, ref: string | undefined, ...ops: string[]): TfNode | undefined {
  const node = ref === undefined ? undefined : graph.producer(ref);
  return node && ops.includes(node.op) ? node : undefined;
}

/** For a commutative binary node: [the operand produced by `op`, the other operand's ref]. */
function split(graph: GraphView, node: TfNode, ...ops: string[]): [TfNode, string] | undefined {
  const [a, b] = dataInputs(node);
  const left = producerOf(graph, a, ...ops);
  if (left) return [left, b!];
  const right = producerOf(graph, b, ...ops);
  return right ? [right, a!] : undefined;
}

function isLastAxisMean(graph: GraphView, node: TfNode | undefined): node is TfNode {
  if (node?.op !== 'Mean' || node.attr?.['keep_dims']?.b !== true) return false;
  const axes = graph.value(dataInputs(node)[1]!)?.value;
  return axes !== undefined && axes.values.length === 1 && Number(axes.values[0]) === -1;
}

/**
 * TF's layer norm, `gamma * rsqrt(mean((x - mean(x))²) + eps) * (x - mean(x)) + beta` over the last axis,
 * as one ONNX LayerNormalization: nine elementwise passes over the activations become one.
 */
export function fuseLayerNorm(ctx: OpContext): TensorInfo | undefined {
  const { graph } = ctx;
  const outer = split(graph, ctx.node, 'Mul');
  if (!outer) return undefined;
  const [scaled, betaRef] = outer;
  const beta = graph.value(betaRef);
  const centeredSide = split(graph, scaled, 'Sub');
  if (!beta?.value || !centeredSide) return undefined;
  const [sub, factorRef] = centeredSide;
  const factor = producerOf(graph, factorRef, 'Mul');
  const rsqrtSide = factor && split(graph, factor, 'Rsqrt');
  const gamma = rsqrtSide && graph.value(rsqrtSide[1]);
  if (!rsqrtSide || !gamma?.value) return undefined;
  const varianceEps = producerOf(graph, dataInputs(rsqrtSide[0])[0], 'Add', 'AddV2');
  const varianceSide = varianceEps && split(graph, varianceEps, 'Mean');
  const epsilon = varianceSide && graph.value(varianceSide[1])?.value;
  if (!varianceSide || !epsilon || epsilon.values.length !== 1 || !isLastAxisMean(graph, varianceSide[0])) return undefined;
  const square = producerOf(graph, dataInputs(varianceSide[0])[0], 'Square');
  const [xRef, meanRef] = dataInputs(sub);
  const mean = graph.producer(meanRef!);
  if (!square || dataInputs(square)[0] !== sub.name || !isLastAxisMean(graph, mean) || dataInputs(mean)[0] !== xRef) return undefined;
  const x = graph.value(xRef!);
  if (!x) return undefined;
  return ctx.emit1('LayerNormalization', [x, gamma, beta], x.type, x.rank, {
    axis: -1,
    epsilon: new FloatAttribute(Number(epsilon.values[0])),
  });
}
