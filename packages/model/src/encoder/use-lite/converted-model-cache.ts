import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../runtime/logger.ts';

export function defaultCacheDir(): string {
  return process.env.PARLEY_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'parley');
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
}

export interface Conversion<M> {
  /** The ONNX model: the cached file's path, or the bytes when the cache could not be written. */
  model: string | Uint8Array;
  /** The cached file (or where it would have been), for messages. */
  file: string;
  meta: M;
  fromCache: boolean;
}

/**
 * Returns a converted ONNX model for a source, from the disk cache when a valid copy exists, else by
 * converting and caching. The key is the source hash plus the converter version; the sidecar's checksum
 * catches a damaged cached file, which is then converted again rather than trusted. `meta` is whatever the
 * caller needs from the source besides the model, so a cache hit need not read the source at all.
 */
export async function cachedConversion<M>(args: {
  cacheDir: string;
  name: string;
  sourceHash: string;
  converterVersion: number;
  metaSchema: z.ZodType<M>;
  convert: () => Promise<{ bytes: Uint8Array; meta: M }>;
  logger: Logger;
}): Promise<Conversion<M>> {
  const base = path.join(args.cacheDir, `${args.name}-${args.sourceHash.slice(0, 16)}-c${args.converterVersion}`);
  const file = `${base}.onnx`;
  const sidecarFile = `${base}.json`;
  const sidecarSchema = z.object({
    sourceHash: z.literal(args.sourceHash),
    converterVersion: z.literal(args.converterVersion),
    onnxSha256: z.string(),
    meta: args.metaSchema,
  });
  try {
    const sidecar = sidecarSchema.parse(JSON.parse(await readFile(sidecarFile, 'utf8')));
    if (sidecar.onnxSha256 === sha256(await readFile(file))) return { model: file, file, meta: sidecar.meta, fromCache: true };
    args.logger.warn({ file }, 'cached ONNX model does not match its checksum; converting again');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') args.logger.warn({ file, reason: (error as Error).message }, 'cached ONNX model unusable; converting again');
  }

  const { bytes, meta } = await args.convert();
  try {
    await mkdir(args.cacheDir, { recursive: true });
    await writeAtomically(file, bytes);
    const sidecar = {
      sourceHash: args.sourceHash,
      converterVersion: args.converterVersion,
      onnxSha256: sha256(bytes),
      meta,
      createdAt: new Date().toISOString(),
    };
    await writeAtomically(sidecarFile, JSON.stringify(sidecar, null, 2));
    return { model: file, file, meta, fromCache: false };
  } catch (error) {
    // A read-only cache costs a conversion per start, nothing else.
    args.logger.warn({ cacheDir: args.cacheDir, reason: (error as Error).message }, 'cannot write the ONNX cache');
    return { model: bytes, file, meta, fromCache: false };
  }
}
