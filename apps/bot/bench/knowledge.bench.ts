/**
 * Knowledge-base retrieval: hit@1, hit@5 and MRR of lexical, dense and hybrid search on the shared sets
 * (stackfaq and covidfaq_deepset in English, cmrc2018_retrieval in Chinese; test queries, documents counted once
 * however many of their chunks match), ingestion speed, search latency at 10k and 100k chunks on PGlite and
 * PostgreSQL, the extractive answer's cost and a whole knowledge turn's, first-token latency through the LLM
 * answering code against a loopback fake provider, and the demo help centre's held-out questions answered with
 * the shipped thresholds. Tunes the extractive answer's thresholds on dev queries (see tune-threshold.ts).
 *
 *   npm run bench:knowledge            (prints tables; writes bench/results/knowledge.json; last line JSON)
 *     --engines=pglite,postgres        engines measured at scale (default both; the first gives the headline figures)
 *     --sizes=10000,100000             chunk counts measured at scale (default; must include 10000)
 *   npm run bench:knowledge -- --quick (the demo help centre in apps/bot/demo/knowledge only; no results file)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEncoder } from '@parley/model';
import { pino } from 'pino';
import { createBot, createWorkspace } from '../src/db/bot-store.ts';
import { loadKnowledgeChunks } from '../src/db/knowledge-store.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { DEFAULT_ANSWER_THRESHOLD } from '../src/knowledge/extractive-answer.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { writeBenchResult } from './bench-result.ts';
import { demoAnswers, type DemoAnswers } from './knowledge/knowledge-demo-answers.ts';
import { searchLatency } from './knowledge/knowledge-latency.ts';
import { llmFirstTokenLatency } from './knowledge/knowledge-llm-latency.ts';
import { HEADLINE_CHUNKS, parseKnowledgeBenchOptions } from './knowledge/knowledge-options.ts';
import { openBenchPostgres, type BenchPostgres } from './knowledge/knowledge-postgres.ts';
import { scaleLatency, type ScaleRun } from './knowledge/knowledge-scale.ts';
import { retrievalFigures, type RetrievalFigures } from './knowledge/retrieval-metrics.ts';
import { readDemoSet, readSharedSet, readUnanswerable, type BenchQuery, type RetrievalSet } from './knowledge/retrieval-sets.ts';
import { tuneThreshold, type ThresholdChoice } from './knowledge/tune-threshold.ts';

const options = parseKnowledgeBenchOptions(process.argv.slice(2));
const quick = options.quick;
const MODES = ['lexical', 'dense', 'hybrid'] as const;
type Mode = (typeof MODES)[number];
const LATENCY_QUERIES = quick ? 30 : 300;
const LLM_QUESTIONS = 30;

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

function printDemoAnswers(answers: DemoAnswers): void {
  console.log(`demo answers, held-out questions, shipped thresholds ${JSON.stringify(DEFAULT_ANSWER_THRESHOLD)}`);
  console.log('language  right  wrong  declined  total');
  for (const [language, c] of Object.entries(answers))
    console.log(
      `${language.padEnd(8)} ${String(c.right).padStart(6)} ${String(c.wrong).padStart(6)} ${String(c.declined).padStart(9)} ${String(c.total).padStart(6)}`,
    );
}

function printScale(runs: Partial<Record<string, ScaleRun>>): void {
  console.log('search latency (hybrid, query embedding included; turn = search + extractive answer)');
  console.log('engine     chunks  fill s  load ms  p50 ms  p95 ms  turn p95  rss MB');
  for (const [engine, run] of Object.entries(runs)) {
    for (const r of run!.results)
      console.log(
        `${engine.padEnd(9)} ${String(r.chunks).padStart(7)} ${r.fillSeconds.toFixed(1).padStart(7)} ${r.loadMs.toFixed(0).padStart(8)} ${r.searchP50.toFixed(1).padStart(7)} ${r.searchP95.toFixed(1).padStart(7)} ${r.turnP95.toFixed(1).padStart(9)} ${String(r.rssMb).padStart(7)}`,
      );
    for (const [chunks, reason] of Object.entries(run!.unmeasured ?? {}))
      console.log(`${engine.padEnd(9)} ${chunks.padStart(7)}  not measured: ${reason}`);
  }
}

/** `p50Ms10k`-style keys of one engine's run, and why a size was left out. */
function latencyKeys(run: ScaleRun): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  for (const r of run.results) {
    keys[`p50Ms${r.chunks / 1000}k`] = r.searchP50;
    keys[`p95Ms${r.chunks / 1000}k`] = r.searchP95;
  }
  return run.unmeasured ? { ...keys, unmeasured: run.unmeasured } : keys;
}

/** The demo help centre's held-out questions with the shipped thresholds, and the LLM path's first token. */
async function demoAndLlm(demo: LoadedSet) {
  const answers = await demoAnswers(kb, demo.botId, demo.keyOf);
  const llm = await llmFirstTokenLatency(
    kb,
    demo.botId,
    demo.set.test.map((q) => q.text),
    LLM_QUESTIONS,
  );
  printDemoAnswers(answers);
  console.log(`LLM first token (fake provider streaming at once, ${LLM_QUESTIONS} questions): p50 ${llm.p50} ms, p95 ${llm.p95} ms`);
  return { demoAnswers: answers, llmFirstTokenP50Ms: llm.p50, llmFirstTokenP95Ms: llm.p95 };
}

function readDemo(): RetrievalSet {
  const demo = readDemoSet();
  if (!demo) throw new Error('apps/bot/demo/knowledge/questions.jsonl is missing: the bench needs the demo help centre');
  return demo;
}

const postgres: { bench?: BenchPostgres } = {};
try {
  if (quick) {
    const demo = readDemo();
    const loaded = await ingest(demo);
    const figures = await evaluate(loaded, demo.test);
    const timing = await searchLatency(
      kb,
      loaded.botId,
      demo.test.map((q) => q.text),
      LATENCY_QUERIES,
    );
    printTable({ demo: figures });
    const ingestChunksPerSec = Math.round((1000 * loaded.chunks) / loaded.ingestMs);
    console.log(
      `${loaded.chunks} chunks, ingestion ${ingestChunksPerSec} chunks/s; search p50 ${timing.searchP50} ms, p95 ${timing.searchP95} ms; search + extractive p95 ${timing.turnP95} ms`,
    );
    const answering = await demoAndLlm(loaded);
    console.log(
      JSON.stringify({
        quick: true,
        demo: summaryOf(figures),
        chunks: loaded.chunks,
        searchP95Ms: timing.searchP95,
        ingestChunksPerSec,
        extractiveAddedMs: timing.extractiveP95,
        knowledgeTurnAddedMs: timing.turnP95,
        ...answering,
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

    const answering = await demoAndLlm(await ingest(readDemo()));

    // Real chunks and vectors of the English sets, copied as often as a size needs: embedded once, at ingestion.
    const pool = (await Promise.all([stackfaq, covid].map((s) => loadKnowledgeChunks(db, s.botId)))).flat();
    const runs: Partial<Record<string, ScaleRun>> = {};
    for (const engine of options.engines) {
      let engineKb = kb;
      if (engine === 'postgres') {
        try {
          postgres.bench = await openBenchPostgres(logger);
        } catch (error) {
          // Minutes of figures are already in: report the engine as unmeasured rather than lose them.
          const reason = error instanceof Error ? error.message : String(error);
          console.error(`postgres: not measured: ${reason}`);
          runs[engine] = { results: [], unmeasured: Object.fromEntries(options.sizes.map((size) => [size, reason])) };
          continue;
        }
        engineKb = new KnowledgeBase(postgres.bench.db, encoder);
      }
      runs[engine] = await scaleLatency({
        kb: engineKb,
        pool,
        sizes: options.sizes,
        queries: stackfaq.set.test.map((q) => q.text),
        count: LATENCY_QUERIES,
        log: (line) => console.error(line),
      });
    }
    printScale(runs);
    const headlineEngine = options.engines[0]!;
    const headline = runs[headlineEngine]!.results.find((r) => r.chunks === HEADLINE_CHUNKS);

    const summary = {
      engine: headlineEngine,
      stackfaq: summaryOf(results['stackfaq']!),
      covidfaq_deepset: summaryOf(results['covidfaq_deepset']!),
      cmrc2018_retrieval: summaryOf(results['cmrc2018_retrieval']!),
      searchP50Ms10k: headline?.searchP50 ?? null,
      searchP95Ms10k: headline?.searchP95 ?? null,
      ingestChunksPerSec,
      extractiveAddedMs: headline?.extractiveP95 ?? null,
      knowledgeTurnAddedMs: headline?.turnP95 ?? null,
      searchLatency: Object.fromEntries(Object.entries(runs).map(([engine, run]) => [engine, latencyKeys(run!)])),
      ...answering,
      tunedThreshold: { en, zh },
    };
    console.log(`wrote ${writeBenchResult('knowledge', { ...summary, figures: results, scale: runs })}`);
    console.log(JSON.stringify(summary));
  }
} finally {
  await encoder.close();
  await db.close();
  await postgres.bench?.close();
  rmSync(dataDir, { recursive: true, force: true });
}
