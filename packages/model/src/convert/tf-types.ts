import { OnnxType } from '../onnx/data-type.ts';

/**
 * TF DataType enum → ONNX element type. TF int32 is widened to int64 on purpose: ONNX shape, index and
 * reshape inputs are int64, so keeping TF's int32 would put a Cast at every shape computation.
 */
const TF_TO_ONNX: Record<string, OnnxType> = {
  '1': OnnxType.FLOAT,
  DT_FLOAT: OnnxType.FLOAT,
  '2': OnnxType.DOUBLE,
  DT_DOUBLE: OnnxType.DOUBLE,
  '3': OnnxType.INT64,
  DT_INT32: OnnxType.INT64,
  '4': OnnxType.UINT8,
  DT_UINT8: OnnxType.UINT8,
  '6': OnnxType.INT8,
  DT_INT8: OnnxType.INT8,
  '9': OnnxType.INT64,
  DT_INT64: OnnxType.INT64,
  '10': OnnxType.BOOL,
  DT_BOOL: OnnxType.BOOL,
};

export function onnxTypeOfTf(tfType: number | string): OnnxType | undefined {
  return TF_TO_ONNX[String(tfType)];
}
