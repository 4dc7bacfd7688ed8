import type { onnx as OnnxTypes } from 'onnx-proto';
import { OnnxType } from './data-type.ts';
import { onnx } from './onnx-proto.ts';

const MS_DOMAIN = 'com.microsoft';

/**
 * Dynamic int8 quantization of a model's weight matrices: every MatMul whose right operand is a 2-D float
 * initializer becomes ONNX Runtime's DynamicQuantizeMatMul, with the weights stored as int8 per output column
 * (symmetric, one scale per column) and the activations quantized per call. The arithmetic of the rest of the
 * graph is unchanged. Hand-written because ONNX Runtime's quantization tool is Python-only and no npm package
 * rewrites ONNX graphs.
 */
export function quantizeMatMulWeights(bytes: Uint8Array): { bytes: Uint8Array; quantized: number } {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name!, t]));
  const uses = new Map<string, number>();
  for (const node of graph.node ?? []) for (const input of node.input ?? []) uses.set(input, (uses.get(input) ?? 0) + 1);
  let quantized = 0;
  const dropped = new Set<string>();
  for (const node of graph.node ?? []) {
    if (node.opType !== 'MatMul' || (node.domain ?? '') !== '') continue;
    const weights = initializers.get(node.input![1]!);
    if (!weights || weights.dataType !== OnnxType.FLOAT || weights.dims?.length !== 2) continue;
    const [rows, columns] = weights.dims.map(Number) as [number, number];
    const values = floatValues(weights);
    const { int8, scales } = quantizeColumns(values, rows, columns);
    const name = weights.name!;
    graph.initializer!.push(
      tensor(`${name}/int8`, OnnxType.INT8, [rows, columns], new Uint8Array(int8.buffer, int8.byteOffset, int8.byteLength)),
      tensor(`${name}/scale`, OnnxType.FLOAT, [columns], new Uint8Array(scales.buffer)),
      tensor(`${name}/zero_point`, OnnxType.INT8, [columns], new Uint8Array(columns)),
    );
    node.opType = 'DynamicQuantizeMatMul';
    node.domain = MS_DOMAIN;
    node.input = [node.input![0]!, `${name}/int8`, `${name}/scale`, `${name}/zero_point`];
    if (uses.get(name) === 1) dropped.add(name);
    quantized++;
  }
  graph.initializer = graph.initializer!.filter((t) => !dropped.has(t.name!));
  if (quantized > 0 && !model.opsetImport!.some((o) => o.domain === MS_DOMAIN)) model.opsetImport!.push({ domain: MS_DOMAIN, version: 1 });
  return { bytes: onnx.ModelProto.encode(model).finish(), quantized };
}

/** Symmetric int8 per column: each column's largest magnitude maps to 127. */
function quantizeColumns(values: Float32Array, rows: number, columns: number): { int8: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) scales[c] = Math.max(scales[c]!, Math.abs(values[r * columns + c]!));
  }
  for (let c = 0; c < columns; c++) scales[c] = scales[c]! > 0 ? scales[c]! / 127 : 1;
  const int8 = new Int8Array(rows * columns);
  for (let i = 0; i < int8.length; i++) int8[i] = Math.round(values[i]! / scales[i % columns]!);
  return { int8, scales };
}

function floatValues(t: OnnxTypes.ITensorProto): Float32Array {
  if (t.rawData && t.rawData.length > 0) {
    // A copy: protobuf hands out Buffer views into a shared pool, at any byte offset.
    const copy = new Uint8Array(t.rawData);
    return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
  }
  return Float32Array.from(t.floatData ?? []);
}

function tensor(name: string, dataType: OnnxType, dims: number[], rawData: Uint8Array): OnnxTypes.ITensorProto {
  return { name, dataType, dims, rawData };
}
