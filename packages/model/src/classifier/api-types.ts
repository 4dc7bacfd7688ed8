import type { Encoder } from '../encoder/encoder-types.ts';
import type { HfClassifierOptions } from './hf/hf-classifier-spec.ts';
import type { EncoderOptions } from '../encoder/create-encoder.ts';
import type { Logger } from '../runtime/logger.ts';
import type { ModelArtifact } from './artifact-schema.ts';
import type { Classification, Example, Language, TaskName } from './types.ts';

export interface TrainData {
  intents?: Example[];
  sentiment?: Example[];
}

export interface TrainOptions {
  /** An open encoder to use (not closed by train); else one is opened from `encoderOptions`. */
  encoder?: Encoder;
  encoderOptions?: EncoderOptions;
  /** Head architecture: a one-hidden-layer MLP (default) or softmax regression. */
  head?: 'mlp' | 'linear';
  /** Seed for the validation split, initialisation and shuffling; same seed + data → same model. */
  seed?: number;
  /** Held-out data for early stopping and calibration; default: a stratified 10% carved from training data. */
  validation?: TrainData;
  /**
   * The live model, when retraining: each cross-fitted head with the same labels, features and folds (same seed)
   * starts from its members instead of random weights and trains one epoch at a lower rate (a fraction of the
   * time); any other head trains cold (canWarmStart). A cold run is what judges a recipe; see the README.
   */
  warmStart?: ModelArtifact | undefined;
  /**
   * Tasks served by a Hugging Face classifier instead of trained heads: a user's ONNX text-classification model, or
   * zero-shot intents on an NLI model. Nothing is trained for them; their examples (optional for zero-shot) tune the
   * out-of-scope threshold and are held out to measure them, as a head's are (classifierTask).
   */
  classifiers?: Partial<Record<TaskName, HfClassifierOptions>>;
  /** Write the artifact here (atomically); the directory must not exist yet. */
  outDir?: string;
  logger?: Logger;
}

export type TrainStage = 'validate' | 'embed' | 'train' | 'calibrate' | 'evaluate' | 'save';

export interface TrainProgress {
  task: TaskName | 'all';
  stage: TrainStage;
  /** Units done and total in this stage (texts embedded, epochs run, …). */
  done: number;
  total: number;
  message?: string;
  /** In 'train' progress: the route (script) whose head is training, and which of its fits (1-based) of how many. */
  route?: Language;
  fit?: number;
  fits?: number;
  /**
   * The whole train() call: work done and expected in all, in cost units (about a millisecond of one core each),
   * every step weighed by its expected cost (a head's fits by rows × epochs). `done` never goes back and reaches
   * `total` only at the end; absent until the data has been planned.
   */
  overall?: { done: number; total: number };
}

export type ProgressListener = (progress: TrainProgress) => void;

/** A trained model bound to its encoder, ready to classify. */
export interface Model {
  readonly artifact: ModelArtifact;
  readonly encoder: Encoder;
  classify(texts: readonly string[]): Promise<Classification[]>;
  /** Closes the encoder when the model opened it. */
  close(): Promise<void>;
}
