import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../runtime/logger.ts';

export interface EmbeddingCacheOptions {
  /** Most embeddings kept in memory. */
  maxEntries: number;
  /** Optional file the cache is loaded from at start and saved to on flush/close. */
  file?: string | undefined;
}

const MAGIC = 'parley-embedding-cache';
const FORMAT_VERSION = 1;

const keyOf = (encoderId: string, text: string): string => `${encoderId}\u0000${text}`;

/**
 * A bounded LRU of embeddings keyed by encoder id + text, so one cache (and one file) can serve several
 * encoders. The file is a one-line JSON header followed by records of
 * [uint32 key byte length][utf-8 key][uint32 dim][dim × float32].
 */
export class EmbeddingCache {
  private readonly lru: LRUCache<string, Float32Array>;
  private dirty = false;

  constructor(
    private readonly options: EmbeddingCacheOptions,
    private readonly logger: Logger,
  ) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`cache maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.lru = new LRUCache({ max: options.maxEntries });
  }

  get size(): number {
    return this.lru.size;
  }

  get(encoderId: string, text: string): Float32Array | undefined {
    return this.lru.get(keyOf(encoderId, text));
  }

  set(encoderId: string, text: string, embedding: Float32Array): void {
    this.lru.set(keyOf(encoderId, text), embedding);
    this.dirty = true;
  }

  /** Loads the persistent file if there is one; a missing, foreign or damaged file leaves the cache empty. */
  async load(): Promise<void> {
    const file = this.options.file;
    if (!file) return;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn({ file, err: error }, 'embedding cache file unreadable; starting empty');
      return;
    }
    try {
      this.decode(bytes);
      this.dirty = false;
    } catch (error) {
      this.lru.clear();
      this.logger.warn({ file, reason: (error as Error).message }, 'embedding cache file ignored');
    }
  }

  /** Writes the cache file atomically (temp file + rename) when anything changed. */
  async flush(): Promise<void> {
    const file = this.options.file;
    if (!file || !this.dirty) return;
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, this.encode());
    await rename(temp, file);
    this.dirty = false;
  }

  private encode(): Buffer {
    // Oldest first, so reloading re-creates the same recency order.
    const entries = [...this.lru.entries()].reverse();
    const header = Buffer.from(`${JSON.stringify({ magic: MAGIC, version: FORMAT_VERSION, count: entries.length })}\n`);
    const parts: Buffer[] = [header];
    for (const [key, vector] of entries) {
      const keyBytes = Buffer.from(key, 'utf8');
      const sizes = Buffer.alloc(8);
      sizes.writeUInt32LE(keyBytes.length, 0);
      sizes.writeUInt32LE(vector.length, 4);
      parts.push(sizes.subarray(0, 4), keyBytes, sizes.subarray(4), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    }
    return Buffer.concat(parts);
  }

  private decode(bytes: Buffer): void {
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) throw new Error('no header line');
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Record<string, unknown>;
    if (header['magic'] !== MAGIC || header['version'] !== FORMAT_VERSION) throw new Error('not a Parley embedding cache');
    const count = Number(header['count']);
    let offset = newline + 1;
    const need = (n: number, record: number): void => {
      if (offset + n > bytes.length) throw new Error(`truncated at record ${record} of ${count}`);
    };
    for (let i = 0; i < count; i++) {
      need(4, i);
      const keyLength = bytes.readUInt32LE(offset);
      offset += 4;
      need(keyLength + 4, i);
      const key = bytes.subarray(offset, offset + keyLength).toString('utf8');
      offset += keyLength;
      const dim = bytes.readUInt32LE(offset);
      offset += 4;
      need(dim * 4, i);
      const vector = new Float32Array(dim);
      new Uint8Array(vector.buffer).set(bytes.subarray(offset, offset + dim * 4));
      offset += dim * 4;
      this.lru.set(key, vector);
    }
    if (offset !== bytes.length) throw new Error('trailing bytes after the last record');
  }
}
