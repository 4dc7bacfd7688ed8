import type { Database, Queryable } from './database.ts';
import type { ChunkLanguage } from './knowledge-store.ts';

/** The vector width migration 0009's HNSW index covers (USE-lite's, the encoder knowledge uses). */
export const KNOWLEDGE_VECTOR_DIM = 512;

export interface KnowledgeVectorHit {
  chunkId: number;
  /** Cosine similarity. */
  score: number;
}

// Keyed by the Database object: whether its schema has the column never changes while it is open.
const vectorColumn = new WeakMap<Queryable, Promise<boolean>>();

/**
 * Whether the database has pgvector and the knowledge_chunks.embedding_vector column (migration 0009 adds it only
 * where the extension could be created). Asked once per Database object.
 */
export function hasKnowledgeVectors(db: Queryable): Promise<boolean> {
  let known = vectorColumn.get(db);
  if (!known) {
    known = db
      .query<{ present: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_attribute
           WHERE attrelid = to_regclass('knowledge_chunks') AND attname = 'embedding_vector' AND NOT attisdropped) AS present`,
      )
      .then(({ rows }) => rows[0]!.present);
    // A failed check must not stick: the next call asks again.
    known.catch(() => vectorColumn.get(db) === known && vectorColumn.delete(db));
    vectorColumn.set(db, known);
  }
  return known;
}

/** pgvector's text form; a float32 printed by Number#toString reads back as the same float32. */
const vectorLiteral = (vector: Float32Array): string => `[${vector.join(',')}]`;

// Rows per UPDATE: a 512-wide vector is ~5 kB of text, so 100 keep a statement near half a megabyte.
const VECTOR_ROWS_PER_UPDATE = 100;

/**
 * Sets the vectors of a document's chunks (vectors[i] for ordinal i), next to the bytea embeddings that
 * replaceKnowledgeChunks wrote. Run it in the same transaction, and only where hasKnowledgeVectors.
 */
export async function writeKnowledgeVectors(tx: Queryable, documentId: string, vectors: readonly Float32Array[]): Promise<void> {
  for (let start = 0; start < vectors.length; start += VECTOR_ROWS_PER_UPDATE) {
    const params: unknown[] = [documentId];
    const values = vectors.slice(start, start + VECTOR_ROWS_PER_UPDATE).map((vector, i) => {
      params.push(start + i, vectorLiteral(vector));
      return `($${params.length - 1}::int, $${params.length}::vector)`;
    });
    await tx.query(
      `UPDATE knowledge_chunks c SET embedding_vector = v.embedding
       FROM (VALUES ${values.join(', ')}) AS v (ordinal, embedding)
       WHERE c.document_id = $1 AND c.ordinal = v.ordinal`,
      params,
    );
  }
}

/**
 * How many of a bot's chunks from `encoderId` have no vector (written before migration 0009, or by code that
 * skips writeKnowledgeVectors): dense search in the database would miss them.
 */
export async function countChunksWithoutVector(db: Queryable, botId: string, encoderId: string): Promise<number> {
  const { rows } = await db.query<{ missing: number }>(
    `SELECT count(*) AS missing FROM knowledge_chunks WHERE bot_id = $1 AND encoder_id = $2 AND embedding_vector IS NULL`,
    [botId, encoderId],
  );
  return rows[0]!.missing;
}

export interface KnowledgeVectorQuery {
  botId: string;
  encoderId: string;
  language: ChunkLanguage;
  /** Unit length, KNOWLEDGE_VECTOR_DIM wide. */
  vector: Float32Array;
  k: number;
}

// The ORDER BY expression matches the HNSW index's, so the planner can walk the index; the filters after it are
// checked per candidate, which the iterative scan keeps feeding until k pass. The distance is selected as the
// very expression ordered by, so it is computed once a row (as 1 - distance it was computed twice: 2x the time).
const NEAREST = `
  SELECT id, embedding_vector::vector(${KNOWLEDGE_VECTOR_DIM}) <=> $4::vector(${KNOWLEDGE_VECTOR_DIM}) AS distance
  FROM knowledge_chunks
  WHERE bot_id = $1 AND encoder_id = $2 AND language = $3 AND vector_dims(embedding_vector) = ${KNOWLEDGE_VECTOR_DIM}
  ORDER BY embedding_vector::vector(${KNOWLEDGE_VECTOR_DIM}) <=> $4::vector(${KNOWLEDGE_VECTOR_DIM})
  LIMIT $5`;

// Not the index's expression: every one of the bot's rows is scored (through the bot_id index), never the graph.
const NEAREST_EXACT = `
  SELECT id, embedding_vector <=> $4::vector AS distance
  FROM knowledge_chunks
  WHERE bot_id = $1 AND encoder_id = $2 AND language = $3 AND vector_dims(embedding_vector) = ${KNOWLEDGE_VECTOR_DIM}
  ORDER BY embedding_vector <=> $4::vector
  LIMIT $5`;

/** The statement nearestKnowledgeChunks runs through the index ($1 bot, $2 encoder, $3 language, $4 vector, $5 k), for EXPLAIN in tests. */
export const NEAREST_KNOWLEDGE_SQL = NEAREST;

/** The scan settings for a k-nearest query, for the rest of transaction `tx`. */
export async function setHnswScan(tx: Queryable, k: number): Promise<void> {
  const efSearch = Math.min(1000, Math.max(40, k + 20));
  await tx.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', $1, true)`, [
    String(efSearch),
  ]);
}

/** pgvector's text form of a query vector, as NEAREST_KNOWLEDGE_SQL takes it. */
export const knowledgeVectorParam = vectorLiteral;

/**
 * A bot's k chunks (of the query's encoder and language) nearest the query, best first, through the HNSW index.
 * hnsw.iterative_scan keeps scanning past other bots' chunks (relaxed order: re-sorted here), with ef_search a
 * little above k. When the scan still stops short of `expected` (at most k of the bot's chunks that could match;
 * pgvector gives up after hnsw.max_scan_tuples, so a tiny bot in a huge table could starve), the bot's rows are
 * scored exactly instead.
 */
export async function nearestKnowledgeChunks(db: Database, query: KnowledgeVectorQuery, expected: number): Promise<KnowledgeVectorHit[]> {
  const params = [query.botId, query.encoderId, query.language, vectorLiteral(query.vector), query.k];
  const found = await db.transaction(async (tx) => {
    await setHnswScan(tx, query.k);
    return (await tx.query<{ id: number; distance: number }>(NEAREST, params)).rows;
  });
  const rows =
    found.length >= Math.min(query.k, expected) ? found : (await db.query<{ id: number; distance: number }>(NEAREST_EXACT, params)).rows;
  // Cosine distance is 1 - cosine similarity.
  return rows.map((row) => ({ chunkId: row.id, score: 1 - row.distance })).sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
}
