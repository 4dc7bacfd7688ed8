import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { loadTransformers } from '../../transformers/load-transformers.ts';

/** Above this, tokenizer_config's model_max_length is a placeholder (transformers writes 1e30 for "unset"). */
const MAX_SANE_MODEL_LENGTH = 8192;
const DEFAULT_MAX_TOKENS = 512;

/** One text's token ids, truncated with its special tokens kept. */
export interface EncodedText {
  ids: number[];
  length: number;
}

export interface HfTextTokenizer {
  maxTokens: number;
  padId: number;
  tokenize(text: string): EncodedText;
}

/**
 * Where the post-processor's special tokens sit around a single text ([CLS] … [SEP] → 1 before, 1 after), so that
 * truncation keeps the closing ones: transformers.js truncates by cutting the end off, [SEP] included, which a
 * model trained on [CLS] … [SEP] reads as a different input.
 */
function specialTokenLayout(tokenizer: PreTrainedTokenizer): { head: number; tail: number } {
  const probe = 'hello world';
  const full = tokenizer.encode(probe);
  const bare = tokenizer.encode(probe, { add_special_tokens: false });
  for (let head = 0; head + bare.length <= full.length; head++) {
    if (bare.every((id, i) => full[head + i] === id)) return { head, tail: full.length - head - bare.length };
  }
  throw new Error("the tokenizer's post-processor does not keep a text's tokens contiguous, so it cannot be truncated");
}

/**
 * Tokenizes one text at a time, as the encoder pipeline needs (it orders a call's texts by token count before
 * batching): transformers.js's tokenizer, the prefix, and truncation to maxTokens that keeps the special tokens.
 */
export function hfTextTokenizer(
  tokenizer: PreTrainedTokenizer,
  options: { maxTokens?: number | undefined; prefix: string },
): HfTextTokenizer {
  const configured = Number(tokenizer.model_max_length);
  const maxTokens = options.maxTokens ?? (configured > 0 && configured <= MAX_SANE_MODEL_LENGTH ? configured : DEFAULT_MAX_TOKENS);
  const { head, tail } = specialTokenLayout(tokenizer);
  if (maxTokens <= head + tail) {
    throw new RangeError(`maxTokens ${maxTokens} leaves no room for text next to the tokenizer's ${head + tail} special tokens`);
  }
  return {
    maxTokens,
    // RoBERTa-style models derive position ids from where input_ids differ from the pad id, so it must be right.
    padId: tokenizer.pad_token_id ?? 0,
    tokenize(text) {
      const ids = tokenizer.encode(options.prefix + text);
      if (ids.length <= maxTokens) return { ids, length: ids.length };
      return { ids: [...ids.slice(0, maxTokens - tail), ...ids.slice(ids.length - tail)], length: maxTokens };
    },
  };
}

/** Opens just the tokenizer of a model (the worker-backed encoder tokenizes on the calling thread). */
export async function openHfTextTokenizer(
  location: string,
  options: { local: boolean; maxTokens?: number | undefined; prefix: string; revision?: string | undefined },
): Promise<HfTextTokenizer> {
  const { AutoTokenizer } = await loadTransformers();
  const tokenizer = await AutoTokenizer.from_pretrained(location, {
    local_files_only: options.local,
    ...(options.revision === undefined ? {} : { revision: options.revision }),
  });
  return hfTextTokenizer(tokenizer, options);
}
