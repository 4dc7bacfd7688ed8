/**
 * Encoder benchmark: the same 2,000 sentences through the TF.js reference and the ONNX encoder (batch 1 and
 * batch 64), side by side in one run. Prints a table; writes bench/results/encoder.json; last line = JSON.
 * `--quick`: a smoke run in seconds on the repository's own parity sentences (no shared data), nothing written.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createEncoder } from '../src/index.ts';
import { cosine, loadReferenceUse } from '../test/support/reference-use.ts';
import { paritySentences } from '../test/fixtures/parity-sentences.ts';
import { tempDir } from '../test/support/quiet.ts';
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

  // ONNX, batch 1: one call at a time, which is also the single-message latency.
  await encoder.embed(sentences.slice(0, 50));
  const latencies: number[] = [];
  t = performance.now();
  for (const sentence of sentences) {
    const start = performance.now();
    await encoder.embed([sentence]);
    latencies.push(performance.now() - start);
  }
  const ortBatch1PerSec = sentences.length / seconds(t);
  latencies.sort((a, b) => a - b);

  // ONNX, batch 64: the median of three passes over all sentences.
  const passes: number[] = [];
  let ortVectors: Float32Array[] = [];
  for (let pass = 0; pass < (QUICK ? 1 : 3); pass++) {
    t = performance.now();
    ortVectors = await encoder.embed(sentences);
    passes.push(sentences.length / seconds(t));
  }
  const ortBatch64PerSec = passes.sort((a, b) => a - b)[Math.floor(passes.length / 2)]!;
  const parityMinCosine = Math.min(...ortVectors.map((v, i) => cosine(v, tfjsVectors[i]!)));
  await encoder.close();
  cache.remove();

  const ortPerSec = Math.max(ortBatch1PerSec, ortBatch64PerSec);
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
    parityMinCosine: Number(parityMinCosine.toFixed(6)),
    rssMb: Math.round(rssMb),
    firstStartMs: Math.round(firstStartMs),
    warmStartMs: Math.round(warmStartMs),
    device: encoder.device,
    cores: (await import('node:os')).availableParallelism(),
    node: process.version,
    at: new Date().toISOString(),
  };
  console.table({
    'TF.js reference (batch 64)': { 'sentences/s': result.tfjsPerSec, 'vs TF.js': '1.0×' },
    'ONNX Runtime, batch 1': { 'sentences/s': result.ortBatch1PerSec, 'vs TF.js': `${(ortBatch1PerSec / tfjsPerSec).toFixed(1)}×` },
    'ONNX Runtime, batch 64': { 'sentences/s': result.ortBatch64PerSec, 'vs TF.js': `${(ortBatch64PerSec / tfjsPerSec).toFixed(1)}×` },
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
