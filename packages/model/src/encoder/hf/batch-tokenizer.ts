import { Tokenizer } from '@huggingface/tokenizers';
import { z } from 'zod';
import type { HfTokenizerFiles } from './hf-model-dir.ts';

/** Above this, tokenizer_config's model_max_length is a placeholder (transformers writes 1e30 for "unset"). */
const MAX_SANE_MODEL_LENGTH = 8192;
const DEFAULT_MAX_TOKENS = 512;

const tokenizerConfigSchema = z.looseObject({
  model_max_length: z.number().int().positive().max(MAX_SANE_MODEL_LENGTH).optional().catch(undefined),
  // Older configs serialise special tokens as AddedToken dicts rather than plain strings.
  pad_token: z
    .union([z.string(), z.object({ content: z.string() }).transform((token) => token.content)])
    .nullish()
    .catch(undefined),
});

const tokenizerJsonSchema = z.looseObject({
  padding: z.object({ pad_id: z.number().int().nonnegative() }).nullish().catch(undefined),
});

/**
 * The part of @huggingface/tokenizers' Tokenizer used here. Declared locally because the package's .d.ts
 * files import each other without file extensions, which NodeNext resolution cannot follow, so its own
 * types reach this project as `any`.
 */
interface TextTokenizer {
  encode(
    text: string,
    options?: { add_special_tokens?: boolean; return_token_type_ids?: boolean },
  ): { ids: number[]; token_type_ids?: number[] };
  token_to_id(token: string): number | undefined;
}

/** A padded batch in the int64 layout BERT-style ONNX exports take, row-major [rows, length]. */
export interface TokenBatch {
  rows: number;
  length: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

/** One text's token ids, truncated with its special tokens kept. */
export interface EncodedText {
  ids: number[];
  typeIds: number[];
  length: number;
}

/**
 * Where the post-processor's special tokens sit around a single text ([CLS] … [SEP] → 1 before, 1 after).
 * @huggingface/tokenizers has no truncation, so this is what lets truncation keep the closing tokens.
 */
function specialTokenLayout(tokenizer: TextTokenizer, tokenizerPath: string): { head: number; tail: number } {
  const probe = 'hello world';
  const full = tokenizer.encode(probe).ids;
  const bare = tokenizer.encode(probe, { add_special_tokens: false }).ids;
  for (let head = 0; head + bare.length <= full.length; head++) {
    if (bare.every((id, i) => full[head + i] === id)) return { head, tail: full.length - head - bare.length };
  }
  throw new Error(`${tokenizerPath}: the post-processor does not keep a text's tokens contiguous, so it cannot be truncated`);
}

/** RoBERTa-style models derive position ids from where input_ids differ from the pad id, so it must be right. */
function padTokenId(tokenizer: TextTokenizer, padToken: string | null | undefined, tokenizerJson: unknown): number {
  const fromConfig = padToken == null ? undefined : tokenizer.token_to_id(padToken);
  return fromConfig ?? tokenizerJsonSchema.parse(tokenizerJson).padding?.pad_id ?? 0;
}

/** Tokenizes batches for a transformer: truncation that keeps special tokens, then padding to the longest text. */
export class BatchTokenizer {
  private constructor(
    private readonly tokenizer: TextTokenizer,
    readonly maxTokens: number,
    private readonly padId: number,
    /** Special tokens the template appends after the text; truncation must keep them. */
    private readonly tail: number,
  ) {}

  static create(files: HfTokenizerFiles, maxTokensOption: number | undefined): BatchTokenizer {
    let tokenizer: TextTokenizer;
    try {
      tokenizer = new Tokenizer(files.tokenizerJson, files.tokenizerConfig);
    } catch (error) {
      throw new Error(`${files.tokenizerPath}: not a tokenizer @huggingface/tokenizers can load: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const config = tokenizerConfigSchema.parse(files.tokenizerConfig);
    const maxTokens = maxTokensOption ?? config.model_max_length ?? DEFAULT_MAX_TOKENS;
    const { head, tail } = specialTokenLayout(tokenizer, files.tokenizerPath);
    if (maxTokens <= head + tail) {
      throw new RangeError(`maxTokens ${maxTokens} leaves no room for text next to the tokenizer's ${head + tail} special tokens`);
    }
    return new BatchTokenizer(tokenizer, maxTokens, padTokenId(tokenizer, config.pad_token, files.tokenizerJson), tail);
  }

  encode(text: string): EncodedText {
    const encoding = this.tokenizer.encode(text, { return_token_type_ids: true });
    const { ids } = encoding;
    const typeIds = encoding.token_type_ids ?? new Array<number>(ids.length).fill(0);
    if (ids.length <= this.maxTokens) return { ids, typeIds, length: ids.length };
    const truncate = (values: number[]) => [...values.slice(0, this.maxTokens - this.tail), ...values.slice(values.length - this.tail)];
    return { ids: truncate(ids), typeIds: truncate(typeIds), length: this.maxTokens };
  }

  /** Pads encoded texts to the longest of them. */
  pad(encoded: readonly EncodedText[]): TokenBatch {
    // At least one position: a tokenizer without special tokens turns "" into no tokens at all.
    const length = Math.max(1, ...encoded.map((e) => e.ids.length));
    const rows = encoded.length;
    const inputIds = new BigInt64Array(rows * length).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(rows * length);
    const tokenTypeIds = new BigInt64Array(rows * length);
    encoded.forEach(({ ids, typeIds }, row) => {
      ids.forEach((id, t) => {
        inputIds[row * length + t] = BigInt(id);
        attentionMask[row * length + t] = 1n;
        tokenTypeIds[row * length + t] = BigInt(typeIds[t] ?? 0);
      });
    });
    return { rows, length, inputIds, attentionMask, tokenTypeIds };
  }
}

/** The tokenize function of an HF model: the prefix, then the tokenizer with truncation. */
export function hfTokenizer(
  files: HfTokenizerFiles,
  options: { maxTokens?: number | undefined; prefix: string },
): { tokenizer: BatchTokenizer; tokenize: (text: string) => EncodedText } {
  const tokenizer = BatchTokenizer.create(files, options.maxTokens);
  return { tokenizer, tokenize: (text) => tokenizer.encode(options.prefix + text) };
}
