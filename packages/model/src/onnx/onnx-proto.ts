// onnx-proto is CommonJS without static export names, so Node's ESM loader only offers its default export.
// Types come straight from the package with `import type { onnx } from 'onnx-proto'`.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
