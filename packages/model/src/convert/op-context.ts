import { OnnxType } from '../onnx/data-type.ts';
import type { AttributeValue, FloatAttribute, OnnxGraphBuilder, TensorData } from '../onnx/onnx-graph-builder.ts';
import type { TfNode } from '../tfjs/tfjs-model-json.ts';
import { AttrReader } from './attr-reader.ts';
import { ConversionError } from './conversion-error.ts';
import type { TensorInfo } from './tensor-info.ts';

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/** Read-only view of the TF graph around a node, for fusions that look at an op's producers. */
export interface GraphView {
  /** The TF node producing a data input reference ("name" or "name:1"). */
  producer(ref: string): TfNode | undefined;
  /** How many data inputs across the graph read any output of this node. */
  consumers(nodeName: string): number;
  /** The converted value of a reference, once its producer has been converted. */
  value(ref: string): TensorInfo | undefined;
}

/** Everything one op converter needs: its node, resolved inputs, attributes and the graph being built. */
export class OpContext {
  readonly attr: AttrReader;

  constructor(
    readonly node: TfNode,
    readonly inputs: readonly TensorInfo[],
    private readonly builder: OnnxGraphBuilder,
    readonly graph: GraphView,
  ) {
    this.attr = new AttrReader(node.attr ?? {}, (message) => this.fail(message));
  }

  fail(detail: string): never {
    throw new ConversionError(this.node.op, this.node.name, detail);
  }

  /** The TF reference of data input `index` (control inputs excluded). */
  inputRef(index: number): string {
    return (this.node.input ?? []).filter((r) => !r.startsWith('^'))[index] ?? this.fail(`no input ${index}`);
  }

  input(index: number): TensorInfo {
    return this.inputs[index] ?? this.fail(`expected at least ${index + 1} inputs, got ${this.inputs.length}`);
  }

  /** The integer values of a constant input; ops whose ONNX form needs them at conversion time call this. */
  staticInts(index: number, what: string): number[] {
    const value = this.input(index).value;
    if (!value) this.fail(`${what} (input ${index}) must be a constant`);
    return Array.from(value.values as ArrayLike<number | bigint>, Number);
  }

  /** Element type of the op's output from its TF attributes (T, dtype, DstT, …), else the first input's. */
  outputType(...attrNames: string[]): OnnxType {
    for (const name of [...attrNames, 'T']) {
      const t = this.attr.type(name);
      if (t !== undefined) return t;
    }
    return this.input(0).type;
  }

  int64s(hint: string, values: ReadonlyArray<number | bigint>, dims: number[] = [values.length]): TensorInfo {
    const data: TensorData = { type: OnnxType.INT64, dims, values: BigInt64Array.from(values, BigInt) };
    return { name: this.builder.addInitializer(`${this.node.name}/${hint}`, data), type: OnnxType.INT64, rank: dims.length, value: data };
  }

  initializer(hint: string, data: TensorData): TensorInfo {
    return { name: this.builder.addInitializer(hint, data), type: data.type, rank: data.dims.length, value: data };
  }

  /** Adds one ONNX node for this TF node; `outputs` fixes the value names, else they are derived. */
  emit(
    opType: string,
    inputs: ReadonlyArray<TensorInfo | string>,
    attributes?: Record<string, AttributeValue | FloatAttribute | undefined>,
    outputs?: { names?: readonly string[]; count?: number },
  ): string[] {
    return this.builder.addNode(
      opType,
      inputs.map((i) => (typeof i === 'string' ? i : i.name)),
      { name: this.node.name, attributes, outputs: outputs?.names, outputCount: outputs?.count },
    );
  }

  /** Shorthand for a single-output node whose result type and rank the caller knows. */
  emit1(
    opType: string,
    inputs: ReadonlyArray<TensorInfo | string>,
    type: OnnxType,
    rank: number | undefined,
    attributes?: Record<string, AttributeValue | FloatAttribute | undefined>,
  ): TensorInfo {
    const [name] = this.emit(opType, inputs, attributes);
    return { name: name!, type, rank };
  }
}

export type OpConverter = (ctx: OpContext) => TensorInfo[];

export function maxRank(...infos: TensorInfo[]): number | undefined {
  let rank = 0;
  for (const info of infos) {
    if (info.rank === undefined) return undefined;
    rank = Math.max(rank, info.rank);
  }
  return rank;
}
