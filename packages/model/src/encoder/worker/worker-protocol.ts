import type { ParsedEncoderOptions } from '../create-encoder.ts';
import type { ResolvedDevice, Tokenized } from '../encoder-types.ts';

/** Encoder options as they cross into the worker: no cache object, which cannot be cloned. */
export type WorkerEncoderOptions = ParsedEncoderOptions extends infer O ? (O extends unknown ? Omit<O, 'cache'> : never) : never;

export type ToWorker =
  { type: 'open'; options: WorkerEncoderOptions } | { type: 'encode'; seq: number; batch: readonly Tokenized[] } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; id: string; dim: number; device: ResolvedDevice; maxTokens: number }
  | { type: 'open-failed'; message: string }
  | { type: 'encoded'; seq: number; vectors: Float32Array[] }
  | { type: 'encode-failed'; seq: number; message: string }
  | { type: 'log'; record: Record<string, unknown> }
  | { type: 'closed' };
