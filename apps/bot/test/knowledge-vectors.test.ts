import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '@parley/model';
import type { Database } from '../src/db/database.ts';
import { insertKnowledgeDocument, loadKnowledgeChunks, replaceKnowledgeChunks } from '../src/db/knowledge-store.ts';
import {
  KNOWLEDGE_VECTOR_DIM,
  NEAREST_KNOWLEDGE_SQL,
  hasKnowledgeVectors,
  knowledgeVectorParam,
  nearestKnowledgeChunks,
  setHnswScan,
  writeKnowledgeVectors,
} from '../src/db/knowledge-vector-store.ts';
import { BotKnowledgeIndex } from '../src/knowledge/bot-knowledge-index.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation } from './support/fixtures.ts';
import { KNOWLEDGE_DOCS } from './support/knowledge-corpus.ts';

let encoder: Encoder;
before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false });
});
after(() => encoder.close());

/** Deterministic unit vectors (mulberry32), so a failure reproduces. */
function unitVectors(count: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: KNOWLEDGE_VECTOR_DIM }, next);
    const norm = Math.hypot(...vector);
    return vector.map((x) => x / norm);
  });
}

/** Stores `vectors` as one document's chunks the way indexing does (bytea and, where there is pgvector, vectors). */
async function storeVectors(db: Database, botId: string, vectors: readonly Float32Array[], withVectors: boolean): Promise<string> {
  const hash = `synthetic-${botId}-${vectors.length}`;
  const documentId = await insertKnowledgeDocument(db, botId, {
    title: 'Synthetic',
    source: 'api',
    url: null,
    mediaType: 'text/plain',
    content: 'synthetic',
    contentHash: hash,
  });
  const chunks = vectors.map((embedding, i) => ({ text: `chunk ${i}`, language: 'en' as const, embedding }));
  await db.transaction(async (tx) => {
    assert.equal(await replaceKnowledgeChunks(tx, botId, documentId, hash, encoder.id, chunks), true);
    if (withVectors) await writeKnowledgeVectors(tx, documentId, vectors);
  });
  return documentId;
}

/** The plan of the store's nearest-chunks statement for `botId`, under the store's scan settings. */
async function planOf(db: Database, botId: string, vector: Float32Array, settings: string[] = []): Promise<string> {
  return db.transaction(async (tx) => {
    await setHnswScan(tx, 10);
    for (const setting of settings) await tx.query(setting);
    const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${NEAREST_KNOWLEDGE_SQL}`, [
      botId,
      encoder.id,
      'en',
      knowledgeVectorParam(vector),
      10,
    ]);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

const DENSE_QUERIES = [
  'how long until I get my money back?',
  'I forgot my login credentials',
  'how much is postage',
  'can I send back shoes I did not wear',
  'next day delivery',
];

forEachEngine((engine) => {
  let db: Database;
  let vectors: boolean;
  before(async () => {
    db = await engine.migrated();
    vectors = await hasKnowledgeVectors(db);
  });

  test('PGlite has pgvector; PostgreSQL has it exactly when the extension is installed there', async () => {
    const { rows } = await db.query<{ available: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available`,
    );
    if (engine.kind === 'pglite') assert.equal(vectors, true);
    else assert.equal(vectors, rows[0]!.available);
    // Migration 0009 ran either way: a database without pgvector is not an error.
    const applied = await db.query(`SELECT 1 FROM schema_migrations WHERE name = '0009_knowledge_vectors.sql'`);
    assert.equal(applied.rowCount, 1);
  });

  test('dense search through pgvector and exact in process rank the same documents', async () => {
    const kb = new KnowledgeBase(db, encoder);
    const botId = (await createConversation(db)).botId;
    for (const doc of Object.values(KNOWLEDGE_DOCS)) assert.equal((await kb.index(botId, doc)).status, 'indexed');
    const index = await kb.cache.get(db, botId);
    // Where the database has vectors, the cache keeps none of them.
    assert.equal(index.denseSource, vectors ? 'database' : 'memory');
    if (vectors) {
      const { rows } = await db.query<{ missing: number }>(
        'SELECT count(*) FILTER (WHERE embedding_vector IS NULL) AS missing FROM knowledge_chunks WHERE bot_id = $1',
        [botId],
      );
      assert.equal(rows[0]!.missing, 0);
    }
    const exact = new BotKnowledgeIndex(await loadKnowledgeChunks(db, botId), encoder.id, encoder.dim);
    for (const query of DENSE_QUERIES) {
      const served = await kb.search(botId, query, { mode: 'dense', limit: 3 });
      const [vector] = await kb.embeddings.embedVectors([query]);
      const reference = exact.dense(vector!, 'en', 3);
      assert.deepEqual(
        served.map((p) => p.documentId),
        reference.map((hit) => hit.chunk.documentId),
        query,
      );
      served.forEach((p, i) => {
        assert.equal(p.dense!.rank, i + 1);
        assert.ok(Math.abs(p.dense!.score - reference[i]!.score) < 1e-4, `${query}: ${p.dense!.score} vs ${reference[i]!.score}`);
      });
    }
  });

  test('a chunk stored without a vector is still found: its bot is searched exactly', async () => {
    const kb = new KnowledgeBase(db, encoder);
    const botId = (await createConversation(db)).botId;
    const returns = await kb.index(botId, KNOWLEDGE_DOCS.returns);
    await kb.index(botId, KNOWLEDGE_DOCS.password);
    if (vectors) {
      // As if written before migration 0009.
      await db.query('UPDATE knowledge_chunks SET embedding_vector = NULL WHERE document_id = $1', [returns.documentId]);
    }
    const fresh = new KnowledgeBase(db, encoder);
    const [best] = await fresh.search(botId, 'how long until I get my money back?', { mode: 'dense' });
    assert.equal(best!.documentId, returns.documentId);
    assert.equal((await fresh.cache.get(db, botId)).denseSource, 'memory');
    // Re-indexed (new content), it has its vector again and the bot goes back to pgvector.
    await fresh.index(botId, { ...KNOWLEDGE_DOCS.returns, content: `${KNOWLEDGE_DOCS.returns.content}\n\nGift cards cannot be refunded.` });
    assert.equal((await fresh.cache.get(db, botId)).denseSource, vectors ? 'database' : 'memory');
    const [again] = await fresh.search(botId, 'how long until I get my money back?', { mode: 'dense' });
    assert.equal(again!.documentId, returns.documentId);
  });

  test('a small bot next to a large one gets all its nearest chunks, and the large one walks the HNSW index', async (t) => {
    if (!vectors) return t.skip('no pgvector on this database: dense search is exact in process');
    const large = (await createConversation(db)).botId;
    const small = (await createConversation(db)).botId;
    const largeVectors = unitVectors(600, 1);
    const smallVectors = unitVectors(3, 2);
    await storeVectors(db, large, largeVectors, true);
    const smallDocument = await storeVectors(db, small, smallVectors, true);
    await db.query('ANALYZE knowledge_chunks');
    const query = largeVectors[0]!;

    assert.match(await planOf(db, large, query), /Index Scan using knowledge_chunks_embedding_512_hnsw_idx/);
    const nearest = await nearestKnowledgeChunks(db, { botId: large, encoderId: encoder.id, language: 'en', vector: query, k: 10 }, 10);
    assert.equal(nearest.length, 10);
    assert.ok(Math.abs(nearest[0]!.score - 1) < 1e-5, 'the query vector itself comes first');

    // Whatever plan the planner picks for the small bot, it gets its 3 chunks, best first.
    const mine = await nearestKnowledgeChunks(db, { botId: small, encoderId: encoder.id, language: 'en', vector: query, k: 10 }, 3);
    const { rows } = await db.query<{ id: number }>('SELECT id FROM knowledge_chunks WHERE document_id = $1', [smallDocument]);
    assert.deepEqual(
      mine.map((hit) => hit.chunkId).sort((a, b) => a - b),
      rows.map((row) => row.id).sort((a, b) => a - b),
    );
    assert.deepEqual(
      mine.map((hit) => hit.score),
      mine.map((hit) => hit.score).sort((a, b) => b - a),
    );
    // Steered onto the graph (where another bot's 600 chunks crowd its neighbourhood), the iterative scan still
    // finds them: without it, the 40 candidates of ef_search would be almost all the large bot's.
    const steered = ['SET LOCAL enable_sort = off'];
    assert.match(await planOf(db, small, query, steered), /knowledge_chunks_embedding_512_hnsw_idx/);
    const walked = await db.transaction(async (tx) => {
      await setHnswScan(tx, 10);
      await tx.query(steered[0]!);
      return (await tx.query(NEAREST_KNOWLEDGE_SQL, [small, encoder.id, 'en', knowledgeVectorParam(query), 10])).rows;
    });
    assert.equal(walked.length, 3);
  });
});
