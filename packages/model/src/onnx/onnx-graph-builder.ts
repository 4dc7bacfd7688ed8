import type { onnx as OnnxTypes } from 'onnx-proto';
import { onnx } from './onnx-proto.ts';
import { OnnxType, bytesPerElement } from './data-type.ts';

export type AttributeValue = number | bigint | string | number[] | TensorData;

/** A constant tensor as the converter holds it before it becomes an initializer. */
export interface TensorData {
  readonly type: OnnxType;
  readonly dims: readonly number[];
  readonly values: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;
}

export function isTensorData(value: unknown): value is TensorData {
  return typeof value === 'object' && value !== null && 'type' in value && 'dims' in value && 'values' in value;
}

function toRawBytes(tensor: TensorData): Uint8Array {
  const { values } = tensor;
  const expected = tensor.dims.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    throw new Error(`tensor data has ${values.length} elements, dims [${tensor.dims.join(', ')}] need ${expected}`);
  }
  if (values.BYTES_PER_ELEMENT !== bytesPerElement(tensor.type)) {
    throw new Error(`tensor data element size ${values.BYTES_PER_ELEMENT} does not match ${OnnxType[tensor.type]}`);
  }
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

export function tensorProto(name: string, tensor: TensorData): OnnxTypes.ITensorProto {
  return { name, dataType: tensor.type, dims: [...tensor.dims], rawData: toRawBytes(tensor) };
}

function attributeProto(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'bigint') return { name, type: T.INT, i: Number(value) };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
  }
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  return { name, type: T.TENSOR, t: tensorProto(name, value) };
}

/** Float attributes that happen to hold whole numbers must still be written as FLOAT. */
export class FloatAttribute {
  constructor(readonly value: number) {}
}

export interface ValueInfo {
  name: string;
  type: OnnxType;
  /** A number for a fixed size, a string for a named dynamic dimension; undefined when the rank is unknown. */
  dims: ReadonlyArray<number | string> | undefined;
}

function valueInfoProto(info: ValueInfo): OnnxTypes.IValueInfoProto {
  return {
    name: info.name,
    type: {
      tensorType: {
        elemType: info.type,
        shape: info.dims && { dim: info.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/**
 * Accumulates nodes and initializers and serialises them as one ONNX model.
 * Hand-written because no maintained JS library builds ONNX graphs; onnx-proto supplies the message types.
 */
export class OnnxGraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly usedNames = new Set<string>();
  private counter = 0;

  /** A name no other value in the graph has, derived from a readable hint. */
  uniqueName(hint: string): string {
    let name = hint;
    while (this.usedNames.has(name)) name = `${hint}__${++this.counter}`;
    this.usedNames.add(name);
    return name;
  }

  reserveName(name: string): void {
    this.usedNames.add(name);
  }

  addInput(info: ValueInfo): string {
    this.reserveName(info.name);
    this.inputs.push(info);
    return info.name;
  }

  addOutput(info: ValueInfo): void {
    this.outputs.push(info);
  }

  addInitializer(hint: string, tensor: TensorData): string {
    const name = this.uniqueName(hint);
    this.initializers.push(tensorProto(name, tensor));
    return name;
  }

  /** Adds one node and returns the names of its outputs. */
  addNode(
    opType: string,
    inputs: readonly string[],
    options: {
      name: string;
      outputs?: readonly string[];
      outputCount?: number;
      attributes?: Record<string, AttributeValue | FloatAttribute | undefined>;
    },
  ): string[] {
    const outputs =
      options.outputs?.map((o) => {
        this.reserveName(o);
        return o;
      }) ?? Array.from({ length: options.outputCount ?? 1 }, (_, i) => this.uniqueName(`${options.name}:${i}`));
    const attribute = Object.entries(options.attributes ?? {})
      .filter((entry): entry is [string, AttributeValue | FloatAttribute] => entry[1] !== undefined)
      .map(([key, value]) =>
        value instanceof FloatAttribute
          ? { name: key, type: onnx.AttributeProto.AttributeType.FLOAT, f: value.value }
          : attributeProto(key, value),
      );
    this.nodes.push({ opType, input: [...inputs], output: outputs, name: this.uniqueName(`${options.name}#${opType}`), attribute });
    return outputs;
  }

  /** Nodes some graph output depends on; fusions leave the nodes they replaced behind, unused. */
  private liveNodes(): OnnxTypes.INodeProto[] {
    const needed = new Set(this.outputs.map((o) => o.name));
    const live: OnnxTypes.INodeProto[] = [];
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i]!;
      if (!(node.output ?? []).some((o) => needed.has(o))) continue;
      live.push(node);
      for (const input of node.input ?? []) needed.add(input);
    }
    return live.reverse();
  }

  get nodeCount(): number {
    return this.liveNodes().length;
  }

  toBytes(meta: { graphName: string; opset: number; producer: string; docString?: string }): Uint8Array {
    const nodes = this.liveNodes();
    // Constants read only at conversion time (axes, permutations, replaced kernels) never reach a node.
    const used = new Set([...nodes.flatMap((n) => n.input ?? []), ...this.outputs.map((o) => o.name)]);
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: meta.producer,
      docString: meta.docString ?? '',
      opsetImport: [{ domain: '', version: meta.opset }],
      graph: {
        name: meta.graphName,
        node: nodes,
        initializer: this.initializers.filter((t) => used.has(t.name!)),
        input: this.inputs.map(valueInfoProto),
        output: this.outputs.map(valueInfoProto),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
