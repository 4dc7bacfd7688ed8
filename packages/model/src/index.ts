export { createEncoder, encoderOptionsSchema, type EncoderOptions } from './encoder/create-encoder.ts';
export type { Device, Encoder, EncoderStats, ResolvedDevice } from './encoder/encoder-types.ts';
export { EmbeddingCache, type EmbeddingCacheOptions } from './encoder/embedding-cache.ts';
export { SentencePieceUnigramTokenizer } from './tokenizer/sentencepiece-unigram.ts';
export { convertTfjsGraphToOnnx, ONNX_OPSET } from './convert/tf-graph-to-onnx.ts';
export { ConversionError } from './convert/conversion-error.ts';
export { supportedTfOps } from './convert/op-registry.ts';
export { loadTfjsGraph, ModelFileError } from './tfjs/load-tfjs-graph.ts';
export { ModelLoadError, cudaUnavailableReason } from './runtime/ort-session.ts';
