import type { Queryable } from './database.ts';
import { bytesToFloat32, float32ToBytes } from './float32-bytes.ts';

export type KnowledgeSource = 'upload' | 'url' | 'api';
export type KnowledgeStatus = 'queued' | 'indexed' | 'failed';
export type ChunkLanguage = 'en' | 'zh';

export interface KnowledgeDocument {
  id: string;
  botId: string;
  title: string;
  source: KnowledgeSource;
  url: string | null;
  mediaType: string;
  contentHash: string;
  status: KnowledgeStatus;
  error: string | null;
  chunkCount: number;
  /** The crawl source that fetched it; null for uploads and API documents. */
  crawlSourceId: string | null;
  createdAt: string;
  updatedAt: string;
  indexedAt: string | null;
}

export interface NewKnowledgeDocument {
  title: string;
  source: KnowledgeSource;
  url: string | null;
  mediaType: string;
  content: string;
  contentHash: string;
  /** The crawl source that fetched it; null or absent (detached from any source) when an upload or the API writes it. */
  crawlSourceId?: string | null;
}

export interface NewKnowledgeChunk {
  text: string;
  language: ChunkLanguage;
  embedding: Float32Array;
}

export interface StoredKnowledgeChunk {
  id: number;
  documentId: string;
  ordinal: number;
  text: string;
  language: ChunkLanguage;
  encoderId: string;
  embedding: Float32Array;
  /** The distinct lexemes of its English full-text vector (tsv). */
  lexemes: string[];
  title: string;
  url: string | null;
}

interface DocumentRow {
  id: string;
  bot_id: string;
  title: string;
  source: KnowledgeSource;
  url: string | null;
  media_type: string;
  content_hash: string;
  status: KnowledgeStatus;
  error: string | null;
  chunk_count: number;
  crawl_source_id: string | null;
  created_at: Date;
  updated_at: Date;
  indexed_at: Date | null;
}

const SELECT_DOCUMENTS = `
  SELECT d.id, d.bot_id, d.title, d.source, d.url, d.media_type, d.content_hash, d.status, d.error, d.crawl_source_id, d.created_at,
    d.updated_at, d.indexed_at, (SELECT count(*) FROM knowledge_chunks c WHERE c.document_id = d.id)::int AS chunk_count
  FROM knowledge_documents d`;

const toDocument = (row: DocumentRow): KnowledgeDocument => ({
  id: row.id,
  botId: row.bot_id,
  title: row.title,
  source: row.source,
  url: row.url,
  mediaType: row.media_type,
  contentHash: row.content_hash,
  status: row.status,
  error: row.error,
  chunkCount: row.chunk_count,
  crawlSourceId: row.crawl_source_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  indexedAt: row.indexed_at?.toISOString() ?? null,
});

/** A bot's documents, newest first (without their content, which can be large). */
export async function listKnowledgeDocuments(db: Queryable, botId: string): Promise<KnowledgeDocument[]> {
  const { rows } = await db.query<DocumentRow>(`${SELECT_DOCUMENTS} WHERE d.bot_id = $1 ORDER BY d.created_at DESC, d.id`, [botId]);
  return rows.map(toDocument);
}

export async function findKnowledgeDocument(db: Queryable, botId: string, id: string): Promise<KnowledgeDocument | undefined> {
  const { rows } = await db.query<DocumentRow>(`${SELECT_DOCUMENTS} WHERE d.bot_id = $1 AND d.id = $2`, [botId, id]);
  return rows[0] && toDocument(rows[0]);
}

export async function findKnowledgeDocumentByUrl(db: Queryable, botId: string, url: string): Promise<KnowledgeDocument | undefined> {
  const { rows } = await db.query<DocumentRow>(`${SELECT_DOCUMENTS} WHERE d.bot_id = $1 AND d.url = $2`, [botId, url]);
  return rows[0] && toDocument(rows[0]);
}

/** The text a document was last given, for re-indexing it (e.g. after the encoder changed). */
export async function readKnowledgeContent(db: Queryable, botId: string, id: string): Promise<string | undefined> {
  const { rows } = await db.query<{ content: string }>('SELECT content FROM knowledge_documents WHERE bot_id = $1 AND id = $2', [
    botId,
    id,
  ]);
  return rows[0]?.content;
}

/** A new document, queued for indexing; returns its id. */
export async function insertKnowledgeDocument(db: Queryable, botId: string, doc: NewKnowledgeDocument): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO knowledge_documents (bot_id, title, source, url, media_type, content, content_hash, crawl_source_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [botId, doc.title, doc.source, doc.url, doc.mediaType, doc.content, doc.contentHash, doc.crawlSourceId ?? null],
  );
  return rows[0]!.id;
}

/** New content for a document: queued again until its chunks are replaced. False when there is no such document. */
export async function updateKnowledgeDocument(db: Queryable, botId: string, id: string, doc: NewKnowledgeDocument): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE knowledge_documents SET title = $3, source = $4, url = $5, media_type = $6, content = $7, content_hash = $8,
       crawl_source_id = $9, status = 'queued', error = NULL, updated_at = now()
     WHERE bot_id = $1 AND id = $2`,
    [botId, id, doc.title, doc.source, doc.url, doc.mediaType, doc.content, doc.contentHash, doc.crawlSourceId ?? null],
  );
  return rowCount > 0;
}

/** A title or link edit that leaves the content (and so the chunks) as they are. */
export async function renameKnowledgeDocument(db: Queryable, botId: string, id: string, title: string, url: string | null): Promise<void> {
  await db.query('UPDATE knowledge_documents SET title = $3, url = $4, updated_at = now() WHERE bot_id = $1 AND id = $2', [
    botId,
    id,
    title,
    url,
  ]);
}

/** Hands an unchanged document over to another crawl source (or to none), leaving its chunks as they are. */
export async function relinkKnowledgeDocument(db: Queryable, botId: string, id: string, crawlSourceId: string | null): Promise<void> {
  await db.query('UPDATE knowledge_documents SET crawl_source_id = $3 WHERE bot_id = $1 AND id = $2', [botId, id, crawlSourceId]);
}

/** The ids and URLs of the documents a crawl source fetched. */
export async function listCrawledDocuments(
  db: Queryable,
  botId: string,
  crawlSourceId: string,
): Promise<{ id: string; url: string | null }[]> {
  const { rows } = await db.query<{ id: string; url: string | null }>(
    'SELECT id, url FROM knowledge_documents WHERE bot_id = $1 AND crawl_source_id = $2 ORDER BY created_at, id',
    [botId, crawlSourceId],
  );
  return rows;
}

export async function markKnowledgeDocumentFailed(db: Queryable, botId: string, id: string, error: string): Promise<void> {
  await db.query(`UPDATE knowledge_documents SET status = 'failed', error = $3, updated_at = now() WHERE bot_id = $1 AND id = $2`, [
    botId,
    id,
    error,
  ]);
}

// Rows per INSERT: 6 parameters each, far below the 65535-parameter limit of the wire protocol.
const CHUNK_ROWS_PER_INSERT = 200;

/**
 * Replaces a document's chunks and marks it indexed, only if its content is still `contentHash` (a newer
 * upload won the race: its own indexing will store its chunks). Run it in a transaction. Returns whether it did.
 */
export async function replaceKnowledgeChunks(
  tx: Queryable,
  botId: string,
  documentId: string,
  contentHash: string,
  encoderId: string,
  chunks: readonly NewKnowledgeChunk[],
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE knowledge_documents SET status = 'indexed', error = NULL, updated_at = now(), indexed_at = now()
     WHERE bot_id = $1 AND id = $2 AND content_hash = $3`,
    [botId, documentId, contentHash],
  );
  if (rowCount === 0) return false;
  await tx.query('DELETE FROM knowledge_chunks WHERE document_id = $1', [documentId]);
  for (let start = 0; start < chunks.length; start += CHUNK_ROWS_PER_INSERT) {
    const slice = chunks.slice(start, start + CHUNK_ROWS_PER_INSERT);
    const params: unknown[] = [documentId, botId, encoderId];
    const values = slice.map((chunk, i) => {
      params.push(start + i, chunk.text, chunk.language, float32ToBytes(chunk.embedding));
      const at = params.length - 3;
      return `($1, $2, $${at}, $${at + 1}, $${at + 2}, $3, $${at + 3})`;
    });
    await tx.query(
      `INSERT INTO knowledge_chunks (document_id, bot_id, ordinal, text, language, encoder_id, embedding) VALUES ${values.join(', ')}`,
      params,
    );
  }
  return true;
}

/** Deletes a document and its chunks. False when there was no such document. */
export async function deleteKnowledgeDocument(db: Queryable, botId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM knowledge_documents WHERE bot_id = $1 AND id = $2', [botId, id]);
  return rowCount > 0;
}

export interface KnowledgeChunkView {
  id: number;
  ordinal: number;
  text: string;
  language: ChunkLanguage;
}

/** A document's chunks in order, as retrieval searches them (without their vectors). */
export async function listKnowledgeChunks(db: Queryable, botId: string, documentId: string): Promise<KnowledgeChunkView[]> {
  const { rows } = await db.query<KnowledgeChunkView>(
    'SELECT id, ordinal, text, language FROM knowledge_chunks WHERE bot_id = $1 AND document_id = $2 ORDER BY ordinal',
    [botId, documentId],
  );
  return rows.map((row) => ({ id: Number(row.id), ordinal: row.ordinal, text: row.text, language: row.language }));
}

interface ChunkRow {
  id: number;
  document_id: string;
  ordinal: number;
  text: string;
  language: ChunkLanguage;
  encoder_id: string;
  embedding?: Uint8Array;
  lexemes: string[];
  title: string;
  url: string | null;
}

/** A stored chunk without its vector: what lexical search and the results need when pgvector ranks densely. */
export type KnowledgeChunkText = Omit<StoredKnowledgeChunk, 'embedding'>;

async function selectChunks(db: Queryable, botId: string, withEmbedding: boolean): Promise<ChunkRow[]> {
  const { rows } = await db.query<ChunkRow>(
    `SELECT c.id, c.document_id, c.ordinal, c.text, c.language, c.encoder_id, ${withEmbedding ? 'c.embedding,' : ''}
       array_to_json(tsvector_to_array(c.tsv)) AS lexemes, d.title, d.url
     FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
     WHERE c.bot_id = $1 ORDER BY c.id`,
    [botId],
  );
  return rows;
}

const toChunkText = (row: ChunkRow): KnowledgeChunkText => ({
  id: row.id,
  documentId: row.document_id,
  ordinal: row.ordinal,
  text: row.text,
  language: row.language,
  encoderId: row.encoder_id,
  lexemes: row.lexemes,
  title: row.title,
  url: row.url,
});

/** Every chunk of a bot with its vector and source, for scoring in process. */
export async function loadKnowledgeChunks(db: Queryable, botId: string): Promise<StoredKnowledgeChunk[]> {
  return (await selectChunks(db, botId, true)).map((row) => ({ ...toChunkText(row), embedding: bytesToFloat32(row.embedding!) }));
}

/** Every chunk of a bot without its vector (pgvector ranks them in the database). */
export async function loadKnowledgeChunkTexts(db: Queryable, botId: string): Promise<KnowledgeChunkText[]> {
  return (await selectChunks(db, botId, false)).map(toChunkText);
}

/**
 * Changes whenever a bot's chunks or document titles do: chunk ids only grow, a delete lowers the count, and a
 * rename moves updated_at. Cheap (index-only), so a cache can check it on every search.
 */
export async function knowledgeRevision(db: Queryable, botId: string): Promise<string> {
  const { rows } = await db.query<{ revision: string }>(
    `SELECT concat_ws('/',
       (SELECT count(*) FROM knowledge_chunks WHERE bot_id = $1),
       (SELECT max(id) FROM knowledge_chunks WHERE bot_id = $1),
       (SELECT max(updated_at) FROM knowledge_documents WHERE bot_id = $1)) AS revision`,
    [botId],
  );
  return rows[0]!.revision;
}

/**
 * PostgreSQL's English analysis of a query (stemmed lexemes, stop words dropped): the same as the chunks' tsv
 * got, so lexical search matches 'refunds' to 'refunded' the way full-text search does.
 */
export async function englishLexemes(db: Queryable, text: string): Promise<string[]> {
  const { rows } = await db.query<{ lexemes: string[] }>(`SELECT array_to_json(tsvector_to_array(to_tsvector('english', $1))) AS lexemes`, [
    text,
  ]);
  return rows[0]!.lexemes;
}
