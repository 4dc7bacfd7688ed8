import type { onnx as OnnxTypes } from 'onnx-proto';
import { onnx } from './onnx-proto.ts';

export const OnnxType = onnx.TensorProto.DataType;
export type OnnxType = OnnxTypes.TensorProto.DataType;

/** Bytes per element of the ONNX types this project writes as raw data. */
export function bytesPerElement(type: OnnxType): number {
  switch (type) {
    case OnnxType.FLOAT:
    case OnnxType.INT32:
      return 4;
    case OnnxType.INT64:
    case OnnxType.DOUBLE:
      return 8;
    case OnnxType.BOOL:
    case OnnxType.UINT8:
    case OnnxType.INT8:
      return 1;
    default:
      throw new Error(`ONNX data type ${OnnxType[type] ?? type} is not supported by this writer`);
  }
}

export function onnxTypeName(type: OnnxType): string {
  return OnnxType[type] ?? String(type);
}
