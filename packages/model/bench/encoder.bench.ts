/**
 * Encoder benchmark: the same 2,000 sentences through the TF.js reference, the USE-lite ONNX encoder and
 * transformers.js on a generated BERT of USE-lite's size (2 layers, 512 hidden), batch 1 and batch 64, side by side
 * in one run. Prints a table; writes bench/results/encoder.json; last line = JSON.
 * `--quick`: a smoke run in seconds on the repository's own parity sentences (no shared data), nothing written.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createEncoder, type Encoder } from '../src/index.ts';
import { cosine, loadReferenceUse } from '../test/support/reference-use.ts';
import { paritySentences } from '../test/fixtures/parity-sentences.ts';
import { tempDir } from '../test/support/quiet.ts';
import { writeTinyBert } from '../test/support/tiny-bert.ts';
import { percentile, readJsonl, spread, writeResult } from './shared-data.ts';

const QUICK = process.argv.includes('--quick');
const SENTENCES = QUICK ? 64 : 2000;
const BATCH = 64;
const logger = pino({ level: 'warn' });

/** 500 sentences from each of four test sets: short intents, long intents, support requests, movie reviews. */
function benchSentences(): string[] {
  if (QUICK) return paritySentences.slice(0, SENTENCES);
  const sets = [readJsonl('banking77', 'test'), readJsonl('clinc150', 'test'), readJsonl('bitext_cs', 'test'), readJsonl('sst2', 'dev')];
  return sets.flatMap((examples) => spread(examples, SENTENCES / sets.length).map((e) => e.text));
}

const seconds = (start: number) => (performance.now() - start) / 1000;

interface Throughput {
  batch1PerSec: number;
  batch64PerSec: number;
  /** Single-call latencies, sorted. */
  latencies: number[];
  vectors: Float32Array[];
}

/** Batch 1 (one call at a time: also the single-message latency), then batch 64 (the median of three passes). */
async function throughput(encoder: Encoder, sentences: readonly string[]): Promise<Throughput> {
  await encoder.embed(sentences.slice(0, 50));
  const latencies: number[] = [];
  let t = performance.now();
  for (const sentence of sentences) {
    const start = performance.now();
    await encoder.embed([sentence]);
    latencies.push(performance.now() - start);
  }
  const batch1PerSec = sentences.length / seconds(t);
  latencies.sort((a, b) => a - b);

  const passes: number[] = [];
  let vectors: Float32Array[] = [];
  for (let pass = 0; pass < (QUICK ? 1 : 3); pass++) {
    t = performance.now();
    vectors = await encoder.embed(sentences);
    passes.push(sentences.length / seconds(t));
  }
  return { batch1PerSec, batch64PerSec: passes.sort((a, b) => a - b)[Math.floor(passes.length / 2)]!, latencies, vectors };
}

/**
 * Runs in a child process so the RSS is the ONNX encoder's alone, without TF.js in the same heap; it starts
 * from the converted-model cache, as a restarted server does.
 */
async function rssChild(cacheDir: string): Promise<void> {
  const encoder = await createEncoder({ kind: 'use-lite', cacheDir, cache: false }, logger);
  const sentences = benchSentences();
  await encoder.embed(sentences);
  await Promise.all(sentences.slice(0, 200).map((s) => encoder.embed([s])));
  process.stdout.write(JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20 }));
  await encoder.close();
}

async function main(): Promise<void> {
  const sentences = benchSentences();
  const cache = tempDir('bench-encoder');

  let t = performance.now();
  const cold = await createEncoder({ kind: 'use-lite', cacheDir: cache.dir, cache: false }, logger);
  const firstStartMs = seconds(t) * 1000;
  await cold.close();
  const child = execFileSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--rss-child', cache.dir, ...(QUICK ? ['--quick'] : [])],
    {
      encoding: 'utf8',
    },
  );
  const { rssMb } = JSON.parse(child) as { rssMb: number };
  t = performance.now();
  const encoder = await createEncoder(
    { kind: 'use-lite', cacheDir: cache.dir, cache: false, batch: { maxBatchSize: BATCH, maxWaitMs: 0 } },
    logger,
  );
  const warmStartMs = seconds(t) * 1000;

  // TF.js reference, at its own best: batches of 64 after a warm-up.
  const reference = await loadReferenceUse();
  await reference.embedBatch(sentences.slice(0, BATCH));
  const tfjsVectors: number[][] = [];
  t = performance.now();
  for (let i = 0; i < sentences.length; i += BATCH) tfjsVectors.push(...(await reference.embedBatch(sentences.slice(i, i + BATCH))));
  const tfjsPerSec = sentences.length / seconds(t);

  const ort = await throughput(encoder, sentences);
  const parityMinCosine = Math.min(...ort.vectors.map((v, i) => cosine(v, tfjsVectors[i]!)));
  const { batch1PerSec: ortBatch1PerSec, batch64PerSec: ortBatch64PerSec, latencies } = ort;
  await encoder.close();

  // transformers.js (the hf backend) on a generated BERT of USE-lite's size, in the same run and the same setup.
  const bert = writeTinyBert(path.join(cache.dir, 'bert-2x512'), { hidden: 512, layers: 2, intermediate: 2048, maxTokens: 128 });
  const hf = await createEncoder({ kind: 'hf', model: bert.dir, cache: false, batch: { maxBatchSize: BATCH, maxWaitMs: 0 } }, logger);
  const transformersJs = await throughput(hf, sentences);
  await hf.close();
  cache.remove();

  const ortPerSec = Math.max(ortBatch1PerSec, ortBatch64PerSec);
  const transformersJsPerSec = Math.max(transformersJs.batch1PerSec, transformersJs.batch64PerSec);
  const result = {
    quick: QUICK,
    sentences: sentences.length,
    tfjsPerSec: Math.round(tfjsPerSec),
    ortBatch1PerSec: Math.round(ortBatch1PerSec),
    ortBatch64PerSec: Math.round(ortBatch64PerSec),
    ortPerSec: Math.round(ortPerSec),
    ratio: Number((ortPerSec / tfjsPerSec).toFixed(1)),
    p50Ms: Number(percentile(latencies, 50).toFixed(3)),
    p99Ms: Number(percentile(latencies, 99).toFixed(3)),
    transformersJsBatch1PerSec: Math.round(transformersJs.batch1PerSec),
    transformersJsBatch64PerSec: Math.round(transformersJs.batch64PerSec),
    transformersJsPerSec: Math.round(transformersJsPerSec),
    /** transformers.js on a 2-layer, 512-wide BERT ÷ the USE-lite ONNX path, both at their best batch size. */
    transformersJsRatio: Number((transformersJsPerSec / ortPerSec).toFixed(2)),
    transformersJsP50Ms: Number(percentile(transformersJs.latencies, 50).toFixed(3)),
    parityMinCosine: Number(parityMinCosine.toFixed(6)),
    rssMb: Math.round(rssMb),
    firstStartMs: Math.round(firstStartMs),
    warmStartMs: Math.round(warmStartMs),
    device: encoder.device,
    cores: (await import('node:os')).availableParallelism(),
    node: process.version,
    at: new Date().toISOString(),
  };
  const row = (perSec: number, p50: number | undefined) => ({
    'sentences/s': Math.round(perSec),
    'vs TF.js': `${(perSec / tfjsPerSec).toFixed(1)}×`,
    'p50 (ms)': p50 === undefined ? '' : Number(p50.toFixed(3)),
  });
  console.table({
    'TF.js reference (batch 64)': row(tfjsPerSec, undefined),
    'USE-lite, ONNX Runtime, batch 1': row(ortBatch1PerSec, result.p50Ms),
    'USE-lite, ONNX Runtime, batch 64': row(ortBatch64PerSec, undefined),
    'transformers.js, BERT 2×512, batch 1': row(transformersJs.batch1PerSec, result.transformersJsP50Ms),
    'transformers.js, BERT 2×512, batch 64': row(transformersJs.batch64PerSec, undefined),
  });
  console.table({
    'single-message latency p50 (ms)': result.p50Ms,
    'single-message latency p99 (ms)': result.p99Ms,
    'parity: min cosine vs TF.js': result.parityMinCosine,
    'RSS of an ONNX-only process, warm start (MB)': result.rssMb,
    'first start: convert + session (ms)': result.firstStartMs,
    'warm start: cached ONNX + session (ms)': result.warmStartMs,
  });
  if (!QUICK) console.log(`wrote ${writeResult('encoder', result)}`);
  console.log(JSON.stringify(result));
}

const childAt = process.argv.indexOf('--rss-child');
await (childAt > 0 ? rssChild(process.argv[childAt + 1]!) : main());
