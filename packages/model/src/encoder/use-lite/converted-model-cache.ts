import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../runtime/logger.ts';

export function defaultCacheDir(): string {
  return process.env.PARLEY_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'parley');
}

interface Sidecar {
  sourceHash: string;
  converterVersion: number;
  onnxSha256: string;
  createdAt: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, file);
}

/**
 * Returns the converted ONNX bytes for a source, from the disk cache when a valid copy exists, else by
 * converting and caching. The cache key is the source hash plus the converter version; the sidecar's
 * checksum catches a damaged cached file, which is then converted again rather than trusted.
 */
export async function cachedConversion(args: {
  cacheDir: string;
  name: string;
  sourceHash: string;
  converterVersion: number;
  convert: () => Uint8Array;
  logger: Logger;
}): Promise<{ bytes: Uint8Array; file: string; fromCache: boolean }> {
  const base = path.join(args.cacheDir, `${args.name}-${args.sourceHash.slice(0, 16)}-c${args.converterVersion}`);
  const file = `${base}.onnx`;
  const sidecarFile = `${base}.json`;
  try {
    const sidecar = JSON.parse(await readFile(sidecarFile, 'utf8')) as Sidecar;
    const bytes = new Uint8Array(await readFile(file));
    if (
      sidecar.sourceHash === args.sourceHash &&
      sidecar.converterVersion === args.converterVersion &&
      sidecar.onnxSha256 === sha256(bytes)
    ) {
      return { bytes, file, fromCache: true };
    }
    args.logger.warn({ file }, 'cached ONNX model does not match its checksum; converting again');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') args.logger.warn({ file, reason: (error as Error).message }, 'cached ONNX model unreadable; converting again');
  }

  const bytes = args.convert();
  try {
    await mkdir(args.cacheDir, { recursive: true });
    await writeAtomically(file, bytes);
    const sidecar: Sidecar = {
      sourceHash: args.sourceHash,
      converterVersion: args.converterVersion,
      onnxSha256: sha256(bytes),
      createdAt: new Date().toISOString(),
    };
    await writeAtomically(sidecarFile, JSON.stringify(sidecar, null, 2));
  } catch (error) {
    // A read-only cache costs a conversion per start, nothing else.
    args.logger.warn({ cacheDir: args.cacheDir, reason: (error as Error).message }, 'cannot write the ONNX cache');
  }
  return { bytes, file, fromCache: false };
}
