import type { Encoder } from '@parley/model';
import type { Database } from '../db/database.ts';
import { findKnowledgeDocument, listKnowledgeDocuments, type KnowledgeDocument } from '../db/knowledge-store.ts';
import { removeKnowledgeDocument } from './delete-document.ts';
import { extractiveAnswer, type ExtractiveAnswer, type ExtractiveOptions } from './extractive-answer.ts';
import { indexDocument, syncDocuments, type IndexDependencies, type IndexOutcome } from './index-document.ts';
import type { KnowledgeDocumentInput } from './knowledge-document-input.ts';
import { KnowledgeIndexCache } from './knowledge-index-cache.ts';
import type { KnowledgePassage } from './knowledge-passage.ts';
import { KnowledgeRetriever } from './knowledge-retriever.ts';
import { ParleyEmbeddings } from './parley-embeddings.ts';
import { searchKnowledge, type KnowledgeSearchOptions } from './search.ts';

export interface KnowledgeAnswerResult {
  /** Null when nothing matched well enough: the caller falls back (hand-off, "I don't know"). */
  answer: ExtractiveAnswer | null;
  /** What retrieval found, for the console and an LLM step. */
  passages: KnowledgePassage[];
}

/**
 * The knowledge base of every bot in one process: the entry point for the API, the engine and an LLM chain.
 * One instance per process, so its search cache is shared and its own writes invalidate it at once.
 */
export class KnowledgeBase {
  readonly db: Database;
  readonly embeddings: ParleyEmbeddings;
  readonly cache: KnowledgeIndexCache;
  readonly #deps: IndexDependencies;

  /**
   * maxCachedBots: bots whose index stays in memory (default 100). revisionCheckMs: how stale another process's
   * writes may be seen (default 1000; this instance's own writes are seen at once).
   */
  constructor(db: Database, encoder: Encoder, options: { maxCachedBots?: number; revisionCheckMs?: number } = {}) {
    this.db = db;
    this.embeddings = new ParleyEmbeddings(encoder);
    this.cache = new KnowledgeIndexCache({
      encoderId: encoder.id,
      dim: encoder.dim,
      maxBots: options.maxCachedBots,
      revisionCheckMs: options.revisionCheckMs,
    });
    this.#deps = { db, embeddings: this.embeddings, onChange: (botId) => this.cache.invalidate(botId) };
  }

  /** Adds or updates a document; never throws (invalid input and failures are outcomes). */
  index(botId: string, document: KnowledgeDocumentInput): Promise<IndexOutcome> {
    return indexDocument(this.#deps, botId, document);
  }

  /** Re-sync: indexes each, re-embedding only the documents whose content changed. */
  sync(botId: string, documents: readonly KnowledgeDocumentInput[]): Promise<IndexOutcome[]> {
    return syncDocuments(this.#deps, botId, documents);
  }

  remove(botId: string, documentId: string): Promise<boolean> {
    return removeKnowledgeDocument(this.db, botId, documentId, (id) => this.cache.invalidate(id));
  }

  list(botId: string): Promise<KnowledgeDocument[]> {
    return listKnowledgeDocuments(this.db, botId);
  }

  find(botId: string, documentId: string): Promise<KnowledgeDocument | undefined> {
    return findKnowledgeDocument(this.db, botId, documentId);
  }

  /** Throws a ZodError on an empty or oversized query or bad options. */
  search(botId: string, query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]> {
    return searchKnowledge(this.db, { embeddings: this.embeddings, cache: this.cache }, botId, query, options);
  }

  async answer(
    botId: string,
    query: string,
    options: { search?: KnowledgeSearchOptions; extractive?: ExtractiveOptions } = {},
  ): Promise<KnowledgeAnswerResult> {
    const passages = await this.search(botId, query, options.search);
    return { answer: extractiveAnswer(passages, options.extractive), passages };
  }

  retriever(botId: string, search?: KnowledgeSearchOptions): KnowledgeRetriever {
    return new KnowledgeRetriever({ db: this.db, botId, embeddings: this.embeddings, cache: this.cache, search });
  }
}
