import { z } from 'zod';
import { hfClassifierSpecSchema } from './hf/hf-classifier-spec.ts';
import { hasHfModel, hfOptionsObject, useLiteOptionsSchema } from '../encoder/create-encoder.ts';

/**
 * A trained model as data: everything `loadModel` needs besides the encoder's own weights. Float32Array fields
 * are stored in weights.bin by the artifact writer; the rest is manifest.json.
 */
const f32 = z.custom<Float32Array>((value) => value instanceof Float32Array, { message: 'expected a Float32Array' });

export const ngramSpecSchema = z.object({
  /** Size of the hashed feature space. */
  buckets: z.number().int().positive(),
  /** Word n-gram lengths, inclusive range; [0, 0] for none. */
  wordRange: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Character n-gram lengths, inclusive range; [0, 0] for none. */
  charRange: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Inverse document frequency per bucket, from the training data. */
  idf: f32,
});
export type NgramSpec = z.infer<typeof ngramSpecSchema>;

export const layerSchema = z.object({
  /** Row-major [inputs, outputs]. */
  weights: f32,
  bias: f32,
  inputs: z.number().int().positive(),
  outputs: z.number().int().positive(),
  activation: z.enum(['relu', 'none']),
});
export type Layer = z.infer<typeof layerSchema>;

export const routeHeadSchema = z.object({
  language: z.enum(['en', 'zh']),
  /** The labels this head scores, in output order (a subset of the task's labels). */
  labels: z.array(z.string()).min(2),
  /** Whether the sentence embedding is part of the features (first `dim` inputs). */
  embedding: z.boolean(),
  ngrams: ngramSpecSchema.nullable(),
  /** Relative weight of the n-gram block against the unit-length embedding. */
  ngramScale: z.number().positive(),
  layers: z.array(layerSchema).min(1),
  /** Softmax temperature from calibration on validation data. */
  temperature: z.number().positive(),
  /**
   * How a cross-fitted head's members split the examples (their count, and the seed of groupedFolds); absent for a
   * single head. A retrain may start from these members only if it splits the same way: otherwise a member would
   * score as held out examples it had learned, and the calibration fitted on those scores would be optimistic.
   */
  folds: z.object({ count: z.int().min(2), seed: z.int() }).optional(),
});
export type RouteHead = z.infer<typeof routeHeadSchema>;

/**
 * A task served by a Hugging Face classifier instead of heads trained on the encoder: the spec reopens it, and the id
 * (its ONNX file's hash) must match when it does, as an artifact's encoder id must.
 */
export const classifierBackendSchema = z.object({
  id: z.string().min(1),
  classifier: hfClassifierSpecSchema,
});
export type ClassifierBackend = z.infer<typeof classifierBackendSchema>;

export const taskModelSchema = z.object({
  labels: z.array(z.string()).min(2),
  /** Trained heads per script; empty when `backend` serves the task. */
  routes: z.object({ en: routeHeadSchema.optional(), zh: routeHeadSchema.optional() }),
  /** Absent: the routes' heads on the encoder (trained by train()). */
  backend: classifierBackendSchema.optional(),
  /** The explicit out-of-scope label, when the training data had one. */
  oosLabel: z.string().nullable(),
  /** Below this calibrated confidence a prediction counts as out of scope. */
  oosThreshold: z.number().min(0).max(1),
});
export type TaskModel = z.infer<typeof taskModelSchema>;

/** What serves a task, as the console shows it: heads trained on the encoder, or a Hugging Face classifier. */
export type TaskBackendKind = 'heads' | ClassifierBackend['classifier']['kind'];
export const taskBackendKind = (task: TaskModel): TaskBackendKind => task.backend?.classifier.kind ?? 'heads';

const metricsSchema = z.record(z.string(), z.unknown());

export const modelArtifactSchema = z.object({
  format: z.literal('parley-model'),
  formatVersion: z.literal(1),
  /** Unique per training run, e.g. 20261129T081300Z-3f2a9c1e. */
  version: z.string().min(1),
  createdAt: z.string().datetime(),
  packageVersion: z.string(),
  encoder: z.object({
    id: z.string(),
    dim: z.number().int().positive(),
    /** Options to reopen the same encoder (without runtime-only fields such as the cache). */
    options: z.lazy(() =>
      useLiteOptionsSchema.pick({ kind: true, modelJson: true, precision: true }).or(
        hfOptionsObject
          .pick({
            kind: true,
            model: true,
            dir: true,
            remote: true,
            revision: true,
            dtype: true,
            pooling: true,
            normalize: true,
            maxTokens: true,
            prefix: true,
          })
          .refine(...hasHfModel),
      ),
    ),
  }),
  /** sha256 over the training examples (sorted), so a model can be traced to its data. */
  trainingDataHash: z.string(),
  tasks: z.object({ intent: taskModelSchema.optional(), sentiment: taskModelSchema.optional() }),
  /** Evaluation on held-out data at training time, per task. */
  metrics: z.object({ intent: metricsSchema.optional(), sentiment: metricsSchema.optional() }),
  /** Warnings from data validation (duplicates, conflicts, …), kept with the model. */
  dataWarnings: z.array(z.string()),
});
export type ModelArtifact = z.infer<typeof modelArtifactSchema>;
