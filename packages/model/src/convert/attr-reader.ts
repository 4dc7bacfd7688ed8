import type { TfAttrValue } from '../tfjs/tfjs-model-json.ts';
import type { OnnxType } from '../onnx/data-type.ts';
import { onnxTypeOfTf } from './tf-types.ts';

/** Typed access to a TF node's attributes, as TF.js serialises them in model.json. */
export class AttrReader {
  constructor(
    private readonly attrs: Record<string, TfAttrValue>,
    private readonly fail: (message: string) => never,
  ) {}

  has(name: string): boolean {
    return name in this.attrs;
  }

  int(name: string, fallback?: number): number {
    const v = this.attrs[name]?.i;
    if (v === undefined) return fallback ?? this.fail(`missing integer attribute ${name}`);
    return Number(v);
  }

  bool(name: string, fallback = false): boolean {
    return this.attrs[name]?.b ?? fallback;
  }

  ints(name: string, fallback?: number[]): number[] {
    const list = this.attrs[name]?.list?.i;
    if (list === undefined) return fallback ?? this.fail(`missing integer-list attribute ${name}`);
    return list.map(Number);
  }

  string(name: string, fallback?: string): string {
    const s = this.attrs[name]?.s;
    if (s === undefined) return fallback ?? this.fail(`missing string attribute ${name}`);
    // TF.js writes bytes either as a byte array or as base64.
    return Array.isArray(s) ? String.fromCharCode(...s) : Buffer.from(s, 'base64').toString('utf8');
  }

  type(name: string): OnnxType | undefined {
    const t = this.attrs[name]?.type;
    if (t === undefined) return undefined;
    return onnxTypeOfTf(t) ?? this.fail(`attribute ${name} has TF dtype ${t}, which has no ONNX mapping here`);
  }
}
