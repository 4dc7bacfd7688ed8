import type { Database } from '../db/database.ts';
import {
  findKnowledgeDocument,
  findKnowledgeDocumentByUrl,
  insertKnowledgeDocument,
  markKnowledgeDocumentFailed,
  relinkKnowledgeDocument,
  renameKnowledgeDocument,
  replaceKnowledgeChunks,
  updateKnowledgeDocument,
  type KnowledgeDocument,
  type NewKnowledgeDocument,
} from '../db/knowledge-store.ts';
import { hasKnowledgeVectors, writeKnowledgeVectors } from '../db/knowledge-vector-store.ts';
import { chunkText } from './chunk-text.ts';
import { knowledgeContentHash } from './content-hash.ts';
import { knowledgeDocumentInputSchema, type KnowledgeDocumentInput } from './knowledge-document-input.ts';
import type { ParleyEmbeddings } from './parley-embeddings.ts';

export type IndexOutcome =
  | { ok: true; documentId: string; status: 'indexed'; chunks: number }
  /** Same content, splitter and encoder as what is stored: nothing was re-embedded. */
  | { ok: true; documentId: string; status: 'unchanged'; chunks: number }
  /** The document row exists with status 'failed' and this reason (when documentId is set). */
  | { ok: false; documentId: string | null; status: 'failed'; error: string };

export interface IndexDependencies {
  db: Database;
  embeddings: ParleyEmbeddings;
  /** Told after a bot's chunks changed, e.g. to drop a search cache in this process at once. */
  onChange?: (botId: string) => void;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Adds or updates one document of a bot: hash → skip when unchanged → chunk → embed → store. The row is queued
 * first, so a failure leaves it 'failed' with the reason for the console. Never throws: bad input and failures
 * come back as outcomes.
 */
export async function indexDocument(deps: IndexDependencies, botId: string, input: KnowledgeDocumentInput): Promise<IndexOutcome> {
  const parsed = knowledgeDocumentInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'document'}: ${issue.message}`);
    return { ok: false, documentId: null, status: 'failed', error: `invalid document: ${issues.join('; ')}` };
  }
  const doc = parsed.data;
  const row: NewKnowledgeDocument = {
    title: doc.title,
    source: doc.source,
    url: doc.url ?? null,
    mediaType: doc.mediaType,
    content: doc.content,
    contentHash: knowledgeContentHash(doc.content, doc.mediaType, deps.embeddings.encoderId),
    crawlSourceId: doc.crawlSourceId ?? null,
  };
  let documentId: string | null = null;
  try {
    const existing = await findExisting(deps.db, botId, doc.id, row.url);
    if (doc.id && !existing) return { ok: false, documentId: null, status: 'failed', error: `no document ${doc.id} in this bot` };
    if (existing && existing.contentHash === row.contentHash && existing.status === 'indexed') {
      if (existing.title !== row.title || existing.url !== row.url) {
        await renameKnowledgeDocument(deps.db, botId, existing.id, row.title, row.url);
        deps.onChange?.(botId);
      }
      if (existing.crawlSourceId !== row.crawlSourceId)
        await relinkKnowledgeDocument(deps.db, botId, existing.id, row.crawlSourceId ?? null);
      return { ok: true, documentId: existing.id, status: 'unchanged', chunks: existing.chunkCount };
    }
    if (existing) {
      documentId = existing.id;
      await updateKnowledgeDocument(deps.db, botId, documentId, row);
    } else documentId = await insertKnowledgeDocument(deps.db, botId, row);
    return await embedAndStore(deps, botId, documentId, row);
  } catch (error) {
    const reason = describe(error);
    if (documentId) await markKnowledgeDocumentFailed(deps.db, botId, documentId, reason).catch(() => undefined);
    return { ok: false, documentId, status: 'failed', error: reason };
  }
}

async function findExisting(
  db: Database,
  botId: string,
  id: string | undefined,
  url: string | null,
): Promise<KnowledgeDocument | undefined> {
  if (id) return findKnowledgeDocument(db, botId, id);
  return url ? findKnowledgeDocumentByUrl(db, botId, url) : undefined;
}

async function embedAndStore(deps: IndexDependencies, botId: string, documentId: string, row: NewKnowledgeDocument): Promise<IndexOutcome> {
  const chunks = await chunkText(row.content, row.mediaType);
  if (chunks.length === 0) throw new Error('the document has no text to index');
  const vectors = await deps.embeddings.embedVectors(chunks.map((chunk) => chunk.text));
  const withVectors = await hasKnowledgeVectors(deps.db);
  const stored = await deps.db.transaction(async (tx) => {
    const replaced = await replaceKnowledgeChunks(
      tx,
      botId,
      documentId,
      row.contentHash,
      deps.embeddings.encoderId,
      chunks.map((chunk, i) => ({ ...chunk, embedding: vectors[i]! })),
    );
    // pgvector's copy, for search through its index: committed with the chunks or not at all.
    if (replaced && withVectors) await writeKnowledgeVectors(tx, documentId, vectors);
    return replaced;
  });
  // Not stored: the content changed while this ran (or the document was deleted); the newer indexing wins.
  if (!stored) return { ok: false, documentId, status: 'failed', error: 'the document changed or was deleted while it was indexed' };
  deps.onChange?.(botId);
  return { ok: true, documentId, status: 'indexed', chunks: chunks.length };
}

/** Re-sync: indexes each document in turn; only those whose hash changed are re-embedded. */
export async function syncDocuments(
  deps: IndexDependencies,
  botId: string,
  inputs: readonly KnowledgeDocumentInput[],
): Promise<IndexOutcome[]> {
  const outcomes: IndexOutcome[] = [];
  for (const input of inputs) outcomes.push(await indexDocument(deps, botId, input));
  return outcomes;
}
