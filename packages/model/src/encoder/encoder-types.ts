export type Device = 'cuda' | 'cpu' | 'auto';
export type ResolvedDevice = 'cuda' | 'cpu';

/** The one encoder API every backend is exposed through. */
export interface Encoder {
  /** Identifies the weights: embeddings from two encoders with the same id are interchangeable. */
  readonly id: string;
  readonly dim: number;
  /** The execution provider the session actually runs on. */
  readonly device: ResolvedDevice;
  /** Token positions past this are dropped before encoding. */
  readonly maxTokens: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Counters since the encoder opened, for metrics. */
  stats(): EncoderStats;
  close(): Promise<void>;
}

export interface EncoderStats {
  /** Session runs: each one a coalesced batch. */
  batches: number;
  /** Texts that went through the model (cache misses, after deduplication). */
  encodedTexts: number;
  cacheHits: number;
  /** Texts waiting for a batch right now. */
  backlog: number;
}

/** A tokenized text; its token count decides which texts share a batch, so batches carry little padding. */
export interface Tokenized {
  readonly length: number;
}

/**
 * A model split into tokenizing (one text, synchronous) and encoding (one bounded batch). The pipeline adds
 * validation, length-sorted batching and caching around it.
 */
export interface EncoderBackend<T extends Tokenized = Tokenized> {
  readonly id: string;
  readonly dim: number;
  readonly device: ResolvedDevice;
  readonly maxTokens: number;
  tokenize(text: string): T;
  encodeTokenized(batch: readonly T[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}
