import type { OnnxType } from '../onnx/data-type.ts';
import type { TensorData } from '../onnx/onnx-graph-builder.ts';

/** What the converter knows about one ONNX value while it walks the TF graph. */
export interface TensorInfo {
  name: string;
  type: OnnxType;
  /** Known when the producing op fixes it; needed by ops whose ONNX form depends on rank. */
  rank?: number | undefined;
  /** Present for constants, so ops can read axes, permutations and slice bounds at conversion time. */
  value?: TensorData | undefined;
  /** For 1-D integer tensors built by Shape/Pack/ConcatV2: how many elements, if known. */
  staticLength?: number | undefined;
}
