import path from 'node:path';
import type { Tensor } from '@huggingface/transformers';
import type { Logger } from '../../runtime/logger.ts';
import { hashModelFile, resolveHfSource, type HfSource } from '../../transformers/hf-model-source.ts';
import { loadTransformers } from '../../transformers/load-transformers.ts';
import { openHfPipeline } from '../../transformers/open-pipeline.ts';
import type { HfOptions } from '../create-encoder.ts';
import type { EncoderBackend } from '../encoder-types.ts';
import { hfTextTokenizer, type EncodedText } from './hf-tokenize.ts';
import { l2Normalize, pool } from './pooling.ts';

/** The model to load: `model`, or `dir` as encoder options recorded in older artifacts name it. */
export function hfModelOption(options: Pick<HfOptions, 'model' | 'dir'>): string {
  const model = options.model ?? options.dir;
  if (model === undefined) throw new TypeError('an hf encoder needs `model`: a model directory, or a hub id with remote: true');
  return model;
}

/** The source of an hf encoder's model, with remote downloads cached under `cacheDir`. */
export async function hfEncoderSource(options: HfOptions): Promise<HfSource> {
  const { env } = await loadTransformers();
  return resolveHfSource(hfModelOption(options), { remote: options.remote, dtype: options.dtype, cacheDir: env.cacheDir ?? '' });
}

/**
 * Names the weights and every option that changes the vectors, so encoders sharing an embedding cache
 * (or its file) never hand each other embeddings pooled or prefixed differently.
 */
async function encoderId(source: HfSource, options: HfOptions, maxTokens: number): Promise<string> {
  const hash = (await hashModelFile(source.modelFile)) ?? options.revision ?? 'main';
  const variant = [
    options.pooling === 'cls' ? 'cls' : undefined,
    options.normalize ? undefined : 'unnormalized',
    options.prefix === '' ? undefined : `prefix=${JSON.stringify(options.prefix)}`,
    options.maxTokens === undefined ? undefined : `maxTokens=${maxTokens}`,
  ].filter((part) => part !== undefined);
  const base = `hf:${source.local ? path.basename(source.location) : source.location}@${hash}`;
  return variant.length === 0 ? base : `${base}#${variant.join(',')}`;
}

/**
 * A Hugging Face sentence encoder on transformers.js: the feature-extraction pipeline's tokenizer and model, fed
 * batches the encoder pipeline has already tokenized and ordered by length. (Calling the pipeline on texts would
 * tokenize twice and cut [SEP] off long texts.) Pooling is Parley's own (pooling.ts), the same arithmetic as
 * transformers.js's mean_pooling and normalize but 4× faster: those walk the tensor column by column and convert
 * the int64 mask per element, 25 ms of a 150 ms batch of 64 texts at USE-lite's size.
 */
export async function openTransformersBackend(options: HfOptions, logger: Logger): Promise<EncoderBackend<EncodedText>> {
  const source = await hfEncoderSource(options);
  const { Tensor: TensorClass } = await loadTransformers();
  const { pipe, device } = await openHfPipeline('feature-extraction', source, options, logger);

  try {
    const tokenizer = hfTextTokenizer(pipe.tokenizer, options);

    const encodeTokenized = async (batch: readonly EncodedText[]): Promise<Float32Array[]> => {
      // At least one position: a tokenizer without special tokens turns "" into no tokens at all.
      const length = Math.max(1, ...batch.map((e) => e.ids.length));
      const rows = batch.length;
      const ids = new BigInt64Array(rows * length).fill(BigInt(tokenizer.padId));
      const mask = new BigInt64Array(rows * length);
      batch.forEach((encoded, row) =>
        encoded.ids.forEach((id, t) => {
          ids[row * length + t] = BigInt(id);
          mask[row * length + t] = 1n;
        }),
      );
      const outputs = (await pipe.model({
        input_ids: new TensorClass('int64', ids, [rows, length]),
        attention_mask: new TensorClass('int64', mask, [rows, length]),
      })) as Record<string, Tensor | undefined>;
      const hidden = outputs['last_hidden_state'] ?? outputs['token_embeddings'];
      if (hidden?.type !== 'float32' || hidden.dims.length !== 3 || hidden.dims[0] !== rows || hidden.dims[1] !== length) {
        throw new Error(
          `${source.modelFile}: expected last_hidden_state float32 [batch=${rows}, seq=${length}, hidden], got ${hidden?.type} [${hidden?.dims.join(', ')}]`,
        );
      }
      const vectors = pool({ data: hidden.data as Float32Array, rows, length, dim: hidden.dims[2]! }, mask, options.pooling);
      return options.normalize ? vectors.map(l2Normalize) : vectors;
    };

    // A warm-up run both fails fast on a model that does not fit this contract and reveals the width.
    const [probe] = await encodeTokenized([tokenizer.tokenize('warmup')]);
    const dim = probe!.length;
    const backend: EncoderBackend<EncodedText> = {
      id: await encoderId(source, options, tokenizer.maxTokens),
      dim,
      device,
      maxTokens: tokenizer.maxTokens,
      tokenize: tokenizer.tokenize,
      encodeTokenized,
      close: () => pipe.dispose(),
    };
    logger.info({ id: backend.id, dim, device, dtype: options.dtype, maxTokens: backend.maxTokens }, 'HF encoder ready (transformers.js)');
    return backend;
  } catch (error) {
    await pipe.dispose();
    throw error;
  }
}
