import { OnnxType } from '../onnx/data-type.ts';
import { OnnxGraphBuilder, type TensorData } from '../onnx/onnx-graph-builder.ts';
import type { TfjsGraph } from '../tfjs/load-tfjs-graph.ts';
import type { TfNode } from '../tfjs/tfjs-model-json.ts';
import { ConversionError } from './conversion-error.ts';
import { OpContext, type GraphView } from './op-context.ts';
import { opConverters } from './op-registry.ts';
import type { TensorInfo } from './tensor-info.ts';

export const ONNX_OPSET = 18;
/** Bump when converter output changes, so cached conversions are redone. */
export const CONVERTER_VERSION = 2;

export interface ConvertOptions {
  /** TF node names to expose as graph outputs; default: every node nothing else consumes. */
  outputs?: string[];
  graphName?: string;
}

export interface ConvertedModel {
  bytes: Uint8Array;
  inputs: Array<{ name: string; type: OnnxType }>;
  outputs: string[];
  /** The TF op types found on the path to the outputs. */
  tfOps: string[];
  onnxNodeCount: number;
}

function parseRef(ref: string): { node: string; index: number } | undefined {
  if (ref.startsWith('^')) return undefined; // control dependency: ordering only, no data
  const match = /^(.*?)(?::(\d+))?$/.exec(ref)!;
  return { node: match[1]!, index: match[2] === undefined ? 0 : Number(match[2]) };
}

function findSinks(nodes: TfNode[]): string[] {
  const consumed = new Set(nodes.flatMap((n) => (n.input ?? []).map((r) => parseRef(r)?.node)));
  return nodes.filter((n) => !consumed.has(n.name) && n.op !== 'Const' && n.op !== 'NoOp').map((n) => n.name);
}

/** Orders the nodes the outputs depend on so that producers come first; rejects cycles. */
function topologicalOrder(byName: Map<string, TfNode>, outputs: string[]): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, from: string): void => {
    const node = byName.get(name);
    if (!node) throw new ConversionError('?', from, `input refers to unknown node "${name}"`);
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') throw new ConversionError(node.op, name, 'the graph has a cycle through this node');
    state.set(name, 'visiting');
    for (const ref of node.input ?? []) {
      const parsed = parseRef(ref);
      if (parsed) visit(parsed.node, name);
    }
    state.set(name, 'done');
    order.push(node);
  };
  for (const out of outputs) visit(out, out);
  return order;
}

function constantData(graph: TfjsGraph, node: TfNode, type: OnnxType): TensorData {
  const weight = graph.weights.get(node.name);
  if (!weight) throw new ConversionError(node.op, node.name, `no weight named "${node.name}" in the manifest of ${graph.modelPath}`);
  const dims = weight.spec.shape;
  const values = weight.values;
  if (type === OnnxType.FLOAT && values instanceof Float32Array) return { type, dims, values };
  if (type === OnnxType.INT64 && values instanceof Int32Array) return { type, dims, values: BigInt64Array.from(values, BigInt) };
  if (type === OnnxType.BOOL && values instanceof Uint8Array) return { type, dims, values };
  throw new ConversionError(node.op, node.name, `weight dtype ${weight.spec.dtype} does not match the node's ONNX type ${OnnxType[type]}`);
}

function placeholderDims(ctx: OpContext): Array<number | string> | undefined {
  const shape = ctx.node.attr?.['shape']?.shape as { dim?: Array<{ size?: string | number }>; unknownRank?: boolean } | undefined;
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d, i) => {
    const size = Number(d.size ?? -1);
    return size < 0 ? `${ctx.node.name}_dim${i}` : size;
  });
}

/** Translates a TF.js graph model, op by op, into one ONNX model. */
export function convertTfjsGraphToOnnx(graph: TfjsGraph, options: ConvertOptions = {}): ConvertedModel {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const outputs = options.outputs ?? findSinks(graph.nodes);
  if (outputs.length === 0) throw new Error(`${graph.modelPath}: the graph has no output nodes`);
  const order = topologicalOrder(byName, outputs);
  const builder = new OnnxGraphBuilder();
  const values = new Map<string, TensorInfo[]>();
  const inputs: ConvertedModel['inputs'] = [];
  const consumerCount = new Map<string, number>();
  for (const node of order) {
    for (const ref of node.input ?? []) {
      const parsed = parseRef(ref);
      if (parsed) consumerCount.set(parsed.node, (consumerCount.get(parsed.node) ?? 0) + 1);
    }
  }
  for (const out of outputs) consumerCount.set(out, (consumerCount.get(out) ?? 0) + 1);
  const view: GraphView = {
    producer: (ref) => byName.get(parseRef(ref)?.node ?? ''),
    consumers: (name) => consumerCount.get(name) ?? 0,
    value: (ref) => {
      const parsed = parseRef(ref);
      return parsed && values.get(parsed.node)?.[parsed.index];
    },
  };

  for (const node of order) {
    const refs = (node.input ?? []).map(parseRef).filter((r) => r !== undefined);
    const nodeInputs = refs.map(({ node: producer, index }) => {
      const info = values.get(producer)?.[index];
      if (!info) throw new ConversionError(node.op, node.name, `input ${producer}:${index} has no converted value`);
      return info;
    });
    const ctx = new OpContext(node, nodeInputs, builder, view);
    if (node.op === 'Const') {
      const type = ctx.attr.type('dtype') ?? ctx.fail('missing dtype');
      const data = constantData(graph, node, type);
      values.set(node.name, [ctx.initializer(node.name, data)]);
    } else if (node.op === 'Placeholder') {
      const type = ctx.attr.type('dtype') ?? ctx.fail('missing dtype');
      const dims = placeholderDims(ctx);
      builder.addInput({ name: node.name, type, dims });
      inputs.push({ name: node.name, type });
      values.set(node.name, [{ name: node.name, type, rank: dims?.length }]);
    } else {
      const convert = opConverters[node.op] ?? ctx.fail('no ONNX counterpart is implemented for this op');
      values.set(node.name, convert(ctx));
    }
  }

  for (const out of outputs) {
    const info = values.get(out)![0]!;
    builder.addNode('Identity', [info.name], { name: out, outputs: [out] });
    const dims = info.rank === undefined ? undefined : Array.from({ length: info.rank }, (_, i) => `${out}_dim${i}`);
    builder.addOutput({ name: out, type: info.type, dims });
  }

  const tfOps = [...new Set(order.map((n) => n.op))].sort();
  const bytes = builder.toBytes({
    graphName: options.graphName ?? 'converted',
    opset: ONNX_OPSET,
    producer: `parley-tfjs-to-onnx/${CONVERTER_VERSION}`,
    docString: `Converted from ${graph.modelPath} (sha256 ${graph.sourceHash})`,
  });
  return { bytes, inputs, outputs, tfOps, onnxNodeCount: builder.nodeCount };
}
