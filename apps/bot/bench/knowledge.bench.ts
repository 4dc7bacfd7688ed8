/**
 * Knowledge-base retrieval: hit@1, hit@5 and MRR of lexical, dense and hybrid search on the shared sets
 * (stackfaq and covidfaq_deepset in English, cmrc2018_retrieval in Chinese; test queries, documents counted once
 * however many of their chunks match), ingestion speed, search latency at 10k chunks, and the extractive
 * answer's cost. Tunes the extractive answer's thresholds on dev queries (see tune-threshold.ts).
 *
 *   npm run bench:knowledge            (PGlite; prints a table; writes bench/results/knowledge.json; last line JSON)
 *   npm run bench:knowledge -- --quick (the demo help centre in apps/bot/demo/knowledge only; no results file)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEncoder } from '@parley/model';
import { pino } from 'pino';
import { createBot, createWorkspace } from '../src/db/bot-store.ts';
import { insertKnowledgeDocument, loadKnowledgeChunks, replaceKnowledgeChunks } from '../src/db/knowledge-store.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { DEFAULT_ANSWER_THRESHOLD, extractiveAnswer } from '../src/knowledge/extractive-answer.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { writeBenchResult } from './bench-result.ts';
import { percentile, retrievalFigures, type RetrievalFigures } from './knowledge/retrieval-metrics.ts';
import { readDemoSet, readSharedSet, readUnanswerable, type BenchQuery, type RetrievalSet } from './knowledge/retrieval-sets.ts';
import { tuneThreshold, type ThresholdChoice } from './knowledge/tune-threshold.ts';

const quick = process.argv.includes('--quick');
const MODES = ['lexical', 'dense', 'hybrid'] as const;
type Mode = (typeof MODES)[number];
const SCALE_CHUNKS = 10_000;
const LATENCY_QUERIES = quick ? 30 : 300;

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-knowledge-'));
const db = await openDatabase({ dataDir, logger });
const encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false }, logger);
const kb = new KnowledgeBase(db, encoder);
const workspaceId = await createWorkspace(db, 'bench');

async function newBot(name: string): Promise<string> {
  return (await createBot(db, { workspaceId, name, publicKey: `pk_bench_${name}_${Date.now()}`, config: {} })).id;
}

interface LoadedSet {
  set: RetrievalSet;
  botId: string;
  /** Stored document id → the set's key. */
  keyOf: Map<string, string>;
  chunks: number;
  ingestMs: number;
}

async function ingest(set: RetrievalSet): Promise<LoadedSet> {
  const botId = await newBot(set.name);
  const started = performance.now();
  const outcomes = await kb.sync(
    botId,
    set.docs.map((doc) => ({ title: doc.title, source: 'api', mediaType: doc.mediaType, content: doc.content })),
  );
  const ingestMs = performance.now() - started;
  console.error(`${set.name}: ${set.docs.length} documents indexed in ${(ingestMs / 1000).toFixed(1)} s`);
  const keyOf = new Map<string, string>();
  let chunks = 0;
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) throw new Error(`${set.name}/${set.docs[i]!.key}: ${outcome.error}`);
    keyOf.set(outcome.documentId, set.docs[i]!.key);
    chunks += outcome.chunks;
  });
  return { set, botId, keyOf, chunks, ingestMs };
}

/** The set's document keys in the order a search ranks them, each once. */
async function rankedKeys(loaded: LoadedSet, query: string, mode: Mode): Promise<string[]> {
  const passages = await kb.search(loaded.botId, query, { mode, limit: 30 });
  return [...new Set(passages.map((p) => loaded.keyOf.get(p.documentId)!))];
}

async function evaluate(loaded: LoadedSet, queries: readonly BenchQuery[]): Promise<Record<Mode, RetrievalFigures>> {
  const figures = {} as Record<Mode, RetrievalFigures>;
  for (const mode of MODES) {
    const rankings = [];
    for (const query of queries) rankings.push({ ranked: await rankedKeys(loaded, query.text, mode), relevant: query.relevant });
    figures[mode] = retrievalFigures(rankings);
  }
  return figures;
}

/** Hybrid top passage confidence on answerable dev questions and on questions from elsewhere. */
async function tune(loaded: LoadedSet, answerable: readonly BenchQuery[], unanswerable: readonly BenchQuery[]): Promise<ThresholdChoice> {
  const samples = [];
  for (const query of [...answerable, ...unanswerable]) {
    const [best] = await kb.search(loaded.botId, query.text, { limit: 1 });
    const correct = best !== undefined && query.relevant.includes(loaded.keyOf.get(best.documentId)!);
    samples.push({ confidence: best?.confidence ?? 0, correct, answerable: query.relevant.length > 0 });
  }
  return tuneThreshold(samples);
}

/** A bot with `target` chunks (real vectors and texts of `sources`, repeated), for search latency at scale. */
async function scaleBot(sources: readonly LoadedSet[], target: number): Promise<string> {
  const botId = await newBot(`scale${target}`);
  const pool = (await Promise.all(sources.map((s) => loadKnowledgeChunks(db, s.botId)))).flat();
  const perDocument = 100;
  for (let start = 0; start < target; start += perDocument) {
    const count = Math.min(perDocument, target - start);
    const chunks = Array.from({ length: count }, (_, i) => pool[(start + i) % pool.length]!);
    const hash = `scale-${start}`;
    const documentId = await insertKnowledgeDocument(db, botId, {
      title: `Scale ${start}`,
      source: 'api',
      url: null,
      mediaType: 'text/plain',
      content: chunks.map((c) => c.text).join('\n\n'),
      contentHash: hash,
    });
    await db.transaction((tx) => replaceKnowledgeChunks(tx, botId, documentId, hash, encoder.id, chunks));
  }
  return botId;
}

async function latency(botId: string, queries: readonly BenchQuery[]): Promise<{ p50: number; p95: number; extractiveP95: number }> {
  await kb.search(botId, queries[0]!.text); // loads the bot's index: the first search of a bot pays it once
  const times: number[] = [];
  const extractive: number[] = [];
  for (let i = 0; i < LATENCY_QUERIES; i++) {
    const query = queries[i % queries.length]!.text;
    const started = performance.now();
    const passages = await kb.search(botId, query);
    times.push(performance.now() - started);
    const before = performance.now();
    extractiveAnswer(passages);
    extractive.push(performance.now() - before);
  }
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), extractiveP95: round(percentile(extractive, 95)) };
}

const summaryOf = (figures: Record<Mode, RetrievalFigures>) => ({
  lexicalHit1: figures.lexical.hit1,
  lexicalHit5: figures.lexical.hit5,
  lexicalMrr: figures.lexical.mrr,
  denseHit1: figures.dense.hit1,
  denseHit5: figures.dense.hit5,
  denseMrr: figures.dense.mrr,
  hybridHit1: figures.hybrid.hit1,
  hybridHit5: figures.hybrid.hit5,
  hybridMrr: figures.hybrid.mrr,
});

function printTable(rows: Record<string, Record<Mode, RetrievalFigures>>): void {
  console.log('set                  method    hit@1   hit@5   MRR');
  for (const [name, figures] of Object.entries(rows))
    for (const mode of MODES) {
      const f = figures[mode];
      console.log(
        `${name.padEnd(20)} ${mode.padEnd(8)} ${f.hit1.toFixed(1).padStart(6)} ${f.hit5.toFixed(1).padStart(7)} ${f.mrr.toFixed(3).padStart(6)}`,
      );
    }
}

try {
  if (quick) {
    const demo = readDemoSet();
    if (!demo) throw new Error('apps/bot/demo/knowledge/questions.jsonl is missing: the quick run needs the demo help centre');
    const loaded = await ingest(demo);
    const figures = await evaluate(loaded, demo.test);
    const timing = await latency(loaded.botId, demo.test);
    printTable({ demo: figures });
    const ingestChunksPerSec = Math.round((1000 * loaded.chunks) / loaded.ingestMs);
    console.log(`${loaded.chunks} chunks, ingestion ${ingestChunksPerSec} chunks/s; search p50 ${timing.p50} ms, p95 ${timing.p95} ms`);
    console.log(
      JSON.stringify({
        quick: true,
        demo: summaryOf(figures),
        chunks: loaded.chunks,
        searchP95Ms: timing.p95,
        ingestChunksPerSec,
        extractiveAddedMs: timing.extractiveP95,
      }),
    );
  } else {
    const sets = ['stackfaq', 'covidfaq_deepset', 'cmrc2018_retrieval'].map(readSharedSet);
    const loaded: LoadedSet[] = [];
    for (const set of sets) loaded.push(await ingest(set));
    const chunks = loaded.reduce((n, l) => n + l.chunks, 0);
    const ingestMs = loaded.reduce((n, l) => n + l.ingestMs, 0);
    const ingestChunksPerSec = Math.round((1000 * chunks) / ingestMs);
    console.log(`ingested ${chunks} chunks in ${(ingestMs / 1000).toFixed(1)} s: ${ingestChunksPerSec} chunks/s`);

    const results: Record<string, Record<Mode, RetrievalFigures>> = {};
    for (const l of loaded) results[l.set.name] = await evaluate(l, l.set.test);
    printTable(results);

    const [stackfaq, covid, cmrc] = loaded as [LoadedSet, LoadedSet, LoadedSet];
    const en = await tune(covid, covid.set.dev, stackfaq.set.dev.slice(0, covid.set.dev.length));
    const zh = await tune(cmrc, cmrc.set.dev.slice(0, 300), readUnanswerable('smp2017_ecdt', 'dev.jsonl', 300));
    console.log(
      `threshold en ${en.threshold} (dev accuracy ${en.accuracy}%), zh ${zh.threshold} (${zh.accuracy}%); default ${JSON.stringify(DEFAULT_ANSWER_THRESHOLD)}`,
    );

    const scale = await scaleBot([stackfaq, covid], SCALE_CHUNKS);
    const timing = await latency(scale, stackfaq.set.test);
    console.log(
      `search at ${SCALE_CHUNKS} chunks (hybrid, query embedding included): p50 ${timing.p50} ms, p95 ${timing.p95} ms; extractive p95 ${timing.extractiveP95} ms`,
    );

    const summary = {
      engine: db.kind,
      stackfaq: summaryOf(results['stackfaq']!),
      covidfaq_deepset: summaryOf(results['covidfaq_deepset']!),
      cmrc2018_retrieval: summaryOf(results['cmrc2018_retrieval']!),
      searchP50Ms10k: timing.p50,
      searchP95Ms10k: timing.p95,
      ingestChunksPerSec,
      extractiveAddedMs: timing.extractiveP95,
      tunedThreshold: { en, zh },
    };
    console.log(`wrote ${writeBenchResult('knowledge', { ...summary, figures: results })}`);
    console.log(JSON.stringify(summary));
  }
} finally {
  await encoder.close();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
