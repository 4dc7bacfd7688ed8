import type { Queryable } from '../db/database.ts';
import { knowledgeRevision, loadKnowledgeChunks, loadKnowledgeChunkTexts } from '../db/knowledge-store.ts';
import { KNOWLEDGE_VECTOR_DIM, countChunksWithoutVector, hasKnowledgeVectors } from '../db/knowledge-vector-store.ts';
import { BotKnowledgeIndex } from './bot-knowledge-index.ts';

interface Entry {
  revision: string;
  /** performance.now() when the revision was last confirmed. */
  checkedAt: number;
  index: Promise<BotKnowledgeIndex>;
}

/**
 * Each bot's in-memory index, rebuilt when its chunks change. A lookup re-checks the bot's revision (one cheap
 * query) once `revisionCheckMs` has passed, so another process's writes are seen within that time; a local write
 * calls invalidate(), which drops the entry at once. The check costs a round trip per search, hence the interval.
 */
export class KnowledgeIndexCache {
  readonly #entries = new Map<string, Entry>();
  readonly #encoderId: string;
  readonly #dim: number;
  readonly #maxBots: number;
  readonly #revisionCheckMs: number;

  constructor(options: { encoderId: string; dim: number; maxBots?: number | undefined; revisionCheckMs?: number | undefined }) {
    this.#encoderId = options.encoderId;
    this.#dim = options.dim;
    this.#maxBots = options.maxBots ?? 100;
    this.#revisionCheckMs = options.revisionCheckMs ?? 1000;
  }

  async get(db: Queryable, botId: string): Promise<BotKnowledgeIndex> {
    const cached = this.#entries.get(botId);
    const now = performance.now();
    if (cached && now - cached.checkedAt < this.#revisionCheckMs) return cached.index;
    const revision = await knowledgeRevision(db, botId);
    if (cached?.revision === revision) {
      cached.checkedAt = now;
      return cached.index;
    }
    const index = this.#load(db, botId);
    // A failed load must not stick: the next search tries again.
    index.catch(() => this.#entries.get(botId)?.index === index && this.#entries.delete(botId));
    this.#entries.delete(botId);
    this.#entries.set(botId, { revision, checkedAt: now, index });
    // Map order is insertion order: the first key is the bot loaded longest ago.
    if (this.#entries.size > this.#maxBots) this.#entries.delete(this.#entries.keys().next().value!);
    return index;
  }

  /**
   * pgvector ranks densely when the database has it, the encoder is as wide as its index, and every chunk of
   * the encoder has a vector; then the vectors stay out of memory. Otherwise dense search is exact in process:
   * a bot with chunks written before migration 0009 stays on that path until they are re-indexed (turning
   * bytea into vectors in SQL is awkward, and a bot's first search is no place to backfill thousands).
   */
  async #load(db: Queryable, botId: string): Promise<BotKnowledgeIndex> {
    const inDatabase =
      this.#dim === KNOWLEDGE_VECTOR_DIM &&
      (await hasKnowledgeVectors(db)) &&
      (await countChunksWithoutVector(db, botId, this.#encoderId)) === 0;
    return inDatabase
      ? new BotKnowledgeIndex(await loadKnowledgeChunkTexts(db, botId), this.#encoderId, this.#dim, 'database')
      : new BotKnowledgeIndex(await loadKnowledgeChunks(db, botId), this.#encoderId, this.#dim, 'memory');
  }

  invalidate(botId: string): void {
    this.#entries.delete(botId);
  }
}
