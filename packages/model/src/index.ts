export { createEncoder, encoderOptionsSchema, type EncoderOptions } from './encoder/create-encoder.ts';
export { parseEncoderSetting } from './encoder/encoder-setting.ts';
export type { Device, Encoder, EncoderStats, ResolvedDevice } from './encoder/encoder-types.ts';
export { EmbeddingCache, type EmbeddingCacheOptions } from './encoder/embedding-cache.ts';
export { SentencePieceUnigramTokenizer } from './tokenizer/sentencepiece-unigram.ts';
export { convertTfjsGraphToOnnx, ONNX_OPSET } from './convert/tf-graph-to-onnx.ts';
export { ConversionError } from './convert/conversion-error.ts';
export { supportedTfOps } from './convert/op-registry.ts';
export { loadTfjsGraph } from './tfjs/load-tfjs-graph.ts';
export { ModelFileError } from './model-file-error.ts';
export { cudaUnavailableReason } from './runtime/ort-session.ts';
export { train } from './classifier/train.ts';
export { createModel, loadModel } from './classifier/model.ts';
export { evaluate, type EvaluateOptions } from './classifier/evaluate.ts';
export { computeMetrics } from './classifier/metrics.ts';
export { saveArtifact, readArtifact } from './classifier/artifact-store.ts';
export { detectLanguage } from './classifier/features/script.ts';
export { readExamples } from './data/read-examples.ts';
export { seededRandom } from './classifier/training/seeded-random.ts';
export { checkDataset } from './data/check-dataset.ts';
export type { Model, TrainData, TrainOptions, TrainProgress, ProgressListener } from './classifier/api-types.ts';
export { taskBackendKind, type ModelArtifact, type TaskBackendKind } from './classifier/artifact-schema.ts';
export { openHfClassifier, type HfClassifier } from './classifier/hf/hf-classifier.ts';
export { hfClassifierOptionsSchema, type HfClassifierOptions } from './classifier/hf/hf-classifier-spec.ts';
export type {
  Classification,
  EvaluationReport,
  Example,
  IntentPrediction,
  Language,
  SentimentPrediction,
  TaskName,
} from './classifier/types.ts';
export {
  backgroundExamples,
  backgroundProbe,
  isSmallTalk,
  OUT_OF_SCOPE_LABEL,
  SMALL_TALK_KINDS,
  SMALL_TALK_PREFIX,
  smallTalkExamples,
  smallTalkReplies,
} from './builtin/builtin-data.ts';
export { gibberish } from './builtin/gibberish.ts';
export { withBuiltinIntents, withBuiltinSentiment, type BuiltinOptions } from './builtin/with-builtins.ts';
export { groupedFolds, nearDuplicateGroups } from './classifier/training/grouped-folds.ts';
