import { Worker } from 'node:worker_threads';
import type { Logger } from '../../runtime/logger.ts';
import type { ParsedEncoderOptions } from '../create-encoder.ts';
import type { EncoderBackend, Tokenized } from '../encoder-types.ts';
import { openUseLiteTokenizer, packagedUseLiteModelJson } from '../use-lite/use-lite-source.ts';
import type { FromWorker, ToWorker, WorkerEncoderOptions } from './worker-protocol.ts';

/**
 * Whether this module is TypeScript source (run under tsx, in development and tests) or the built JavaScript in
 * dist/. Built code starts the built worker directly; source starts it through a bootstrap that registers tsx in the
 * new thread, since a worker does not inherit the loader. (dist/ has no bootstrap: tsc emits only .ts files.)
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The same tokenize function the backend uses, built in this thread so batches can be sorted by length here. */
async function localTokenizer(options: ParsedEncoderOptions, maxTokens: number): Promise<(text: string) => Tokenized> {
  if (options.kind === 'use-lite') return openUseLiteTokenizer(options.modelJson ?? packagedUseLiteModelJson(), maxTokens);
  // Loaded on demand, as in openBackend: only Hugging Face models need transformers.js.
  const { hfEncoderSource } = await import('../hf/transformers-backend.ts');
  const { openHfTextTokenizer } = await import('../hf/hf-tokenize.ts');
  const source = await hfEncoderSource(options);
  return (await openHfTextTokenizer(source.location, { ...options, local: source.local })).tokenize;
}

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/**
 * An encoder backend whose model runs in a worker thread. Tokenizing stays here (the pipeline sorts by
 * token count before batching); each batch of token ids goes to the worker, and vectors come back
 * transferred, not copied.
 */
export async function openWorkerBackend(options: ParsedEncoderOptions, logger: Logger): Promise<EncoderBackend> {
  const worker = FROM_SOURCE
    ? new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
        workerData: { entry: new URL('./session-worker.ts', import.meta.url).href },
      })
    : new Worker(new URL('./session-worker.js', import.meta.url));
  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  let seq = 0;
  let onReady: { resolve: (m: Extract<FromWorker, { type: 'ready' }>) => void; reject: (e: Error) => void } | undefined;
  let onClosed: (() => void) | undefined;

  const fail = (error: Error) => {
    failure ??= error;
    onReady?.reject(error);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const post = (message: ToWorker) => worker.postMessage(message);

  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'log': {
        const { level, msg, time: _time, pid: _pid, hostname: _host, ...fields } = message.record;
        logger[LEVELS[Number(level)] ?? 'info']({ ...fields, thread: 'encoder-worker' }, String(msg ?? ''));
        return;
      }
      case 'ready':
        return onReady?.resolve(message);
      case 'open-failed':
        return onReady?.reject(new Error(message.message));
      case 'encoded':
        pending.get(message.seq)?.resolve(message.vectors);
        pending.delete(message.seq);
        return;
      case 'encode-failed':
        pending.get(message.seq)?.reject(new Error(message.message));
        pending.delete(message.seq);
        return;
      case 'closed':
        return onClosed?.();
    }
  });
  worker.on('error', (error) => fail(new Error(`encoder worker failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => fail(new Error(`encoder worker exited (code ${code})`)));

  const { cache: _cache, ...transferable } = options;
  const ready = new Promise<Extract<FromWorker, { type: 'ready' }>>((resolve, reject) => (onReady = { resolve, reject }));
  post({ type: 'open', options: transferable satisfies WorkerEncoderOptions });
  let info: Extract<FromWorker, { type: 'ready' }>;
  try {
    info = await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const tokenize = await localTokenizer(options, info.maxTokens);

  return {
    id: info.id,
    dim: info.dim,
    device: info.device,
    maxTokens: info.maxTokens,
    tokenize,
    encodeTokenized(batch) {
      if (failure) return Promise.reject(failure);
      const id = ++seq;
      return new Promise<Float32Array[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        post({ type: 'encode', seq: id, batch });
      });
    },
    async close() {
      if (failure) return;
      const closed = new Promise<void>((resolve) => (onClosed = resolve));
      post({ type: 'close' });
      await closed;
      failure = new Error('the encoder is closed');
      await worker.terminate();
    },
  };
}
