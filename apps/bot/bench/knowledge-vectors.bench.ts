/**
 * Knowledge search latency on PGlite at one size, dense ranking by pgvector (HNSW) against exact in process: two
 * bots in one database holding the same chunks, one with vectors (pgvector path) and one without (its search
 * falls back to exact). Texts are pairs of sentences from the demo help centre, embedded by USE-lite, so the
 * vectors cluster the way real ones do. Also reports how often both paths agree on the dense top 5.
 *
 *   npm run bench:knowledge-vectors [-- --chunks=10000 --searches=300]   (writes bench/results/knowledge-vectors.json)
 *   npm run bench:knowledge-vectors -- --quick                           (400 chunks, 20 searches: checks it runs)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEncoder } from '@parley/model';
import { pino } from 'pino';
import { createBot, createWorkspace } from '../src/db/bot-store.ts';
import { insertKnowledgeDocument, replaceKnowledgeChunks, type NewKnowledgeChunk } from '../src/db/knowledge-store.ts';
import { writeKnowledgeVectors } from '../src/db/knowledge-vector-store.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { writeBenchResult } from './bench-result.ts';

const flag = (name: string, fallback: number): number => {
  const value = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  return value ? Number(value) : fallback;
};
const quick = process.argv.includes('--quick');
const CHUNKS = flag('chunks', quick ? 400 : 10_000);
const SEARCHES = flag('searches', quick ? 20 : 300);
const PER_DOCUMENT = 200;

const demo = fileURLToPath(new URL('../demo/knowledge/', import.meta.url));
const sentences = readdirSync(path.join(demo, 'en'))
  .flatMap((name) => readFileSync(path.join(demo, 'en', name), 'utf8').split(/(?<=[.?!])\s+|\n+/))
  .map((s) => s.replace(/^#+\s*/, '').trim())
  .filter((s) => s.length > 20);
const questions = readFileSync(path.join(demo, 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { question: string; language: string })
  .filter((q) => q.language === 'en')
  .map((q) => q.question);

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const round = (ms: number): number => Math.round(ms * 100) / 100;

const logger = pino({ level: 'warn' });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-vectors-'));
const db = await openDatabase({ dataDir, logger });
const encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false }, logger);
const kb = new KnowledgeBase(db, encoder);

try {
  // Distinct sentence pairs, in a fixed order.
  const texts: string[] = [];
  for (let i = 0; texts.length < CHUNKS; i++) {
    const a = sentences[i % sentences.length]!;
    const b = sentences[(i * 7 + Math.floor(i / sentences.length) + 1) % sentences.length]!;
    texts.push(`${a} ${b}`);
  }
  const started = performance.now();
  const vectors: Float32Array[] = [];
  for (let at = 0; at < texts.length; at += 256) vectors.push(...(await kb.embeddings.embedVectors(texts.slice(at, at + 256))));
  console.log(`embedded ${texts.length} chunks in ${Math.round((performance.now() - started) / 1000)} s`);
  const chunks: NewKnowledgeChunk[] = texts.map((text, i) => ({ text, language: 'en', embedding: vectors[i]! }));

  const workspaceId = await createWorkspace(db, 'bench vectors');
  const newBot = async (name: string) =>
    (await createBot(db, { workspaceId, name, publicKey: `pk_bench_${name}_${Date.now()}`, config: {} })).id;
  const fill = async (botId: string, withVectors: boolean): Promise<number> => {
    const filling = performance.now();
    for (let start = 0; start < chunks.length; start += PER_DOCUMENT) {
      const slice = chunks.slice(start, start + PER_DOCUMENT);
      const hash = `bench-${start}`;
      const documentId = await insertKnowledgeDocument(db, botId, {
        title: `Bench ${start}`,
        source: 'api',
        url: null,
        mediaType: 'text/plain',
        content: slice.map((chunk) => chunk.text).join('\n\n'),
        contentHash: hash,
      });
      await db.transaction(async (tx) => {
        await replaceKnowledgeChunks(tx, botId, documentId, hash, encoder.id, slice);
        if (withVectors)
          await writeKnowledgeVectors(
            tx,
            documentId,
            slice.map((chunk) => chunk.embedding),
          );
      });
    }
    return (performance.now() - filling) / 1000;
  };

  const exactBot = await newBot('exact');
  const exactFill = await fill(exactBot, false);
  console.log(`exact: ${CHUNKS} chunks stored in ${exactFill.toFixed(1)} s`);
  const vectorBot = await newBot('pgvector');
  const vectorFill = await fill(vectorBot, true);
  console.log(`pgvector: ${CHUNKS} chunks stored (with HNSW inserts) in ${vectorFill.toFixed(1)} s`);
  await db.query('ANALYZE knowledge_chunks');

  const measure = async (botId: string, mode: 'hybrid' | 'dense') => {
    kb.cache.invalidate(botId);
    const loading = performance.now();
    await kb.search(botId, questions[0]!, { mode });
    const loadMs = performance.now() - loading;
    const times: number[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const t = performance.now();
      await kb.search(botId, questions[i % questions.length]!, { mode });
      times.push(performance.now() - t);
    }
    return { loadMs: round(loadMs), p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
  };
  const figures: Record<string, unknown> = {
    chunks: CHUNKS,
    searches: SEARCHES,
    exactFillS: round(exactFill),
    vectorFillS: round(vectorFill),
  };
  for (const mode of ['dense', 'hybrid'] as const) {
    const exact = await measure(exactBot, mode);
    const pgvector = await measure(vectorBot, mode);
    console.log(`${mode.padEnd(6)} exact    load ${exact.loadMs} ms  p50 ${exact.p50} ms  p95 ${exact.p95} ms`);
    console.log(`${mode.padEnd(6)} pgvector load ${pgvector.loadMs} ms  p50 ${pgvector.p50} ms  p95 ${pgvector.p95} ms`);
    figures[mode] = { exact, pgvector };
  }
  const paths = [(await kb.cache.get(db, exactBot)).denseSource, (await kb.cache.get(db, vectorBot)).denseSource];
  if (paths[0] !== 'memory' || paths[1] !== 'database') throw new Error(`the bots did not take the paths measured: ${paths.join(', ')}`);

  // Agreement: chunk texts are the same in both bots, so compare the dense top 5 by text.
  let overlap = 0;
  for (const question of questions) {
    const top = async (botId: string) => (await kb.search(botId, question, { mode: 'dense', limit: 5 })).map((p) => p.text);
    const exactTop = new Set(await top(exactBot));
    overlap += (await top(vectorBot)).filter((text) => exactTop.has(text)).length;
  }
  figures['denseTop5Recall'] = round(overlap / (questions.length * 5));
  console.log(`pgvector's dense top 5 holds ${(100 * (figures['denseTop5Recall'] as number)).toFixed(1)}% of the exact top 5`);
  if (!quick) console.log(`wrote ${writeBenchResult('knowledge-vectors', figures)}`);
  console.log(JSON.stringify({ quick, ...figures }));
} finally {
  await encoder.close();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
