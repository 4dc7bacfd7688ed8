import * as ort from 'onnxruntime-node';
import type { Device, ResolvedDevice } from '../encoder/encoder-types.ts';
import { ModelFileError } from '../model-file-error.ts';
import type { Logger } from './logger.ts';

export interface SessionOptions {
  device: Device;
  /** Intra-op threads; default lets ONNX Runtime use every core. */
  threads?: number | undefined;
  /** Let idle pool threads spin for more work (ONNX Runtime's default); see the encoder option. */
  spinning?: boolean | undefined;
  logger: Logger;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  device: ResolvedDevice;
}

/** Why the CUDA execution provider cannot be used in this process, or undefined if it may be. */
export function cudaUnavailableReason(): string | undefined {
  const cuda = ort.listSupportedBackends().find((b) => b.name === 'cuda');
  if (!cuda) return 'this onnxruntime-node build has no CUDA execution provider';
  if (!cuda.bundled) {
    return 'the CUDA execution provider binaries are not installed (reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12)';
  }
  return undefined;
}

/** Session options shared by every ONNX Runtime session Parley opens (its own and transformers.js's). */
export function baseSessionOptions(threads: number | undefined, spinning = true): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    // ONNX Runtime rejects an explicit undefined, so leave the key out to get its default.
    ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
    interOpNumThreads: 1,
    // No CPU arena and no memory pattern: with them each new batch shape grows a pool that is never given back
    // (USE-lite, batches of 1–64 texts: +60 MB RSS after 300 batches with them, +5 MB without; speed within noise).
    enableCpuMemArena: false,
    enableMemPattern: false,
    ...(spinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
    // Level 3 (errors only): the converter's graphs trigger harmless shape-merge warnings.
    logSeverityLevel: 3,
  };
}

/**
 * Opens something on the requested device. `auto` tries CUDA where this process has it and falls back to the CPU,
 * logging why, so it never hard-fails on a machine without CUDA (transformers.js's own 'auto' does: #1642);
 * `cuda` fails with the reason instead. `unavailable` is injectable so the fallback is testable without a GPU.
 */
export async function openOnDevice<T>(
  device: Device,
  logger: Logger,
  open: (device: ResolvedDevice) => Promise<T>,
  unavailable: () => string | undefined = cudaUnavailableReason,
): Promise<{ value: T; device: ResolvedDevice }> {
  if (device === 'cpu') return { value: await open('cpu'), device: 'cpu' };
  const reason = unavailable();
  if (reason === undefined) {
    try {
      const value = await open('cuda');
      logger.info({ device: 'cuda' }, 'encoder session on CUDA');
      return { value, device: 'cuda' };
    } catch (error) {
      if (device === 'cuda') throw error;
      logger.warn({ reason: (error as Error).message }, 'CUDA session failed; falling back to CPU');
      return { value: await open('cpu'), device: 'cpu' };
    }
  }
  if (device === 'cuda') throw new Error(`device "cuda" was requested but ${reason}`);
  logger.info({ reason }, 'CUDA unavailable; encoder runs on CPU');
  return { value: await open('cpu'), device: 'cpu' };
}

async function create(
  model: Uint8Array | string,
  file: string,
  options: ort.InferenceSession.SessionOptions,
): Promise<ort.InferenceSession> {
  try {
    return typeof model === 'string'
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  } catch (error) {
    throw new ModelFileError(file, `ONNX Runtime cannot load this model: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Opens an ONNX Runtime session on the requested device (see openOnDevice), from a file path (ONNX Runtime reads
 * it, so the bytes never sit in the JS heap) or from bytes.
 */
export async function openSession(model: Uint8Array | string, file: string, options: SessionOptions): Promise<OpenedSession> {
  const base = baseSessionOptions(options.threads, options.spinning);
  const { value: session, device } = await openOnDevice(options.device, options.logger, (on) =>
    create(model, file, { ...base, executionProviders: on === 'cuda' ? [{ name: 'cuda' }, 'cpu'] : ['cpu'] }),
  );
  return { session, device };
}
