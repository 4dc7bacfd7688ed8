import { createHash } from 'node:crypto';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Logger } from '../../runtime/logger.ts';
import { openSession } from '../../runtime/ort-session.ts';
import type { HfOptions } from '../create-encoder.ts';
import type { EncoderBackend } from '../encoder-types.ts';
import { hfTokenizer, type EncodedText, type TokenBatch } from './batch-tokenizer.ts';
import { readHfModelDir, type HfModelDir } from './hf-model-dir.ts';
import { l2Normalize, pool, type HiddenStates } from './pooling.ts';

const TOKEN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;
type TokenInput = (typeof TOKEN_INPUTS)[number];

/** Outputs holding per-token vectors, by preference; sentence_embedding is skipped so pooling stays ours. */
const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'];

function tokenInputs(session: ort.InferenceSession, modelPath: string): TokenInput[] {
  const unknown = session.inputNames.filter((name) => !(TOKEN_INPUTS as readonly string[]).includes(name));
  if (unknown.length > 0 || !session.inputNames.includes('input_ids')) {
    throw new Error(
      `${modelPath}: expected an encoder taking input_ids (and optionally attention_mask, token_type_ids), but it takes ${session.inputNames.join(', ')}`,
    );
  }
  return TOKEN_INPUTS.filter((name) => session.inputNames.includes(name));
}

function tokenOutput(session: ort.InferenceSession, modelPath: string): string {
  const name = TOKEN_OUTPUTS.find((o) => session.outputNames.includes(o)) ?? session.outputNames[0];
  if (name === undefined) throw new Error(`${modelPath}: the model has no outputs`);
  return name;
}

/** Checks the run's output against the batch it came from before pooling reads it as [rows, length, dim]. */
function hiddenStates(tensor: ort.Tensor | undefined, batch: TokenBatch, output: string, modelPath: string): HiddenStates {
  const dims = tensor?.dims ?? [];
  if (tensor?.type !== 'float32' || dims.length !== 3 || dims[0] !== batch.rows || dims[1] !== batch.length) {
    throw new Error(
      `${modelPath}: output ${output} should be float32 [batch=${batch.rows}, seq=${batch.length}, hidden], got ${tensor?.type} [${dims.join(', ')}]`,
    );
  }
  return { data: tensor.data as Float32Array, rows: batch.rows, length: batch.length, dim: dims[2]! };
}

/**
 * Names the weights and every option that changes the vectors, so encoders sharing an embedding cache
 * (or its file) never hand each other embeddings pooled or prefixed differently.
 */
function encoderId(files: HfModelDir, options: HfOptions, maxTokens: number): string {
  const hash = createHash('sha256').update(files.modelBytes).digest('hex').slice(0, 16);
  const variant = [
    options.pooling === 'cls' ? 'cls' : undefined,
    options.normalize ? undefined : 'unnormalized',
    options.prefix === '' ? undefined : `prefix=${JSON.stringify(options.prefix)}`,
    options.maxTokens === undefined ? undefined : `maxTokens=${maxTokens}`,
  ].filter((part) => part !== undefined);
  const base = `hf:${path.basename(files.dir)}@${hash}`;
  return variant.length === 0 ? base : `${base}#${variant.join(',')}`;
}

/** Opens a Hugging Face-layout ONNX sentence encoder: tokenize → run → pool → normalise. */
export async function openHfBackend(options: HfOptions, logger: Logger): Promise<EncoderBackend<EncodedText>> {
  const files = await readHfModelDir(options.dir);
  const { tokenizer, tokenize } = hfTokenizer(files, options);
  const { session, device } = await openSession(files.modelBytes, files.modelPath, {
    device: options.device,
    threads: options.threads,
    spinning: options.spinning,
    logger,
  });

  try {
    const inputs = tokenInputs(session, files.modelPath);
    const output = tokenOutput(session, files.modelPath);

    const encodeTokenized = async (encoded: readonly EncodedText[]): Promise<Float32Array[]> => {
      const batch = tokenizer.pad(encoded);
      const dims = [batch.rows, batch.length];
      const data: Record<TokenInput, BigInt64Array> = {
        input_ids: batch.inputIds,
        attention_mask: batch.attentionMask,
        token_type_ids: batch.tokenTypeIds,
      };
      const feeds = Object.fromEntries(inputs.map((name) => [name, new ort.Tensor('int64', data[name], dims)]));
      const result = await session.run(feeds, [output]);
      const vectors = pool(hiddenStates(result[output], batch, output, files.modelPath), batch.attentionMask, options.pooling);
      return options.normalize ? vectors.map(l2Normalize) : vectors;
    };

    // A warm-up run both fails fast on a model that does not fit this contract and reveals the width.
    const [probe] = await encodeTokenized([tokenize('warmup')]);
    const dim = probe!.length;
    const hiddenSize = files.modelConfig?.['hidden_size'];
    if (typeof hiddenSize === 'number' && hiddenSize !== dim) {
      logger.warn({ dir: files.dir, hiddenSize, dim }, 'config.json hidden_size differs from the ONNX output width');
    }

    const backend: EncoderBackend<EncodedText> = {
      id: encoderId(files, options, tokenizer.maxTokens),
      dim,
      device,
      maxTokens: tokenizer.maxTokens,
      tokenize,
      encodeTokenized,
      close: () => session.release(),
    };
    logger.info({ id: backend.id, dim, device, maxTokens: backend.maxTokens, output }, 'HF encoder ready');
    return backend;
  } catch (error) {
    await session.release();
    throw error;
  }
}
