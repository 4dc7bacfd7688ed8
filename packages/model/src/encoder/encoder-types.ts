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

/** A model that encodes one bounded batch per call; the pipeline adds validation, batching and caching. */
export interface EncoderBackend {
  readonly id: string;
  readonly dim: number;
  readonly device: ResolvedDevice;
  readonly maxTokens: number;
  encodeBatch(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}
