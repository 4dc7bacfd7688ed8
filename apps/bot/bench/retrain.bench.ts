/**
 * How long a console retrain of the demo bot takes (Bitext: 3,612 intent + 450 sentiment examples, scored on the
 * 902 test examples), with the embedding cache cold and warm, and after a few corrections. Seeds a throwaway
 * PGlite demo (its first model trains in-process, ~100 s on 2 cores), then runs real training jobs.
 *
 *   npm run bench:retrain -w @parley/bot     (prints a table; writes bench/results/retrain.json)
 *   npm run bench:retrain -w @parley/bot -- --quick   smoke: 4 examples a label (and the built-ins), no cold-cache run, no results file
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp } from '../src/app/create-app.ts';
import { findBot } from '../src/db/bot-store.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { addTrainingExamples } from '../src/db/demo-store.ts';
import { ensureDemo } from '../src/demo/ensure-demo.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';
import { findTrainingJob } from '../src/db/training-job-store.ts';
import { findModelVersion } from '../src/db/model-version-store.ts';
import { listOperators } from '../src/db/operator-store.ts';
import { promoteCandidate } from '../src/training/deployments.ts';
import { embeddingCache } from '../src/training/training-paths.ts';
import { writeBenchResult } from './bench-result.ts';
import { slicedDemoData } from '../test/support/sliced-demo-data.ts';

const CORRECTIONS = [
  { text: 'my parcel never showed up, where is it', label: 'track_order' },
  { text: 'i paid twice for the same thing', label: 'payment_issue' },
  { text: 'can you send the bill to my email again', label: 'get_invoice' },
  { text: 'the courier left my box at the wrong house', label: 'delivery_options' },
  { text: 'stop sending me your promotions', label: 'newsletter_subscription' },
];

const round1 = (x: number) => Math.round(x * 10) / 10;
const rows: Array<{
  run: string;
  seconds: number;
  textsEmbedded: unknown;
  fromCache: unknown;
  heldOutAccuracy: number | null;
  /** The intent routes whose heads started from the live model's. */
  warmStarted: string;
}> = [];

const quick = process.argv.includes('--quick');
const demoDataDir = quick ? slicedDemoData(4) : undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-retrain-bench-'));
const succeeded: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: 'info' },
  {
    write(line: string) {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record['msg'] === 'training job succeeded') succeeded.push(record);
    },
  },
);
const db = await openDatabase({ dataDir, logger });
const models = new ModelRegistry({ logger });
try {
  let started = performance.now();
  const demo = await ensureDemo({ db, models, dataDir, demoDataDir, logger });
  rows.push({
    run: 'first demo model (in-process, ensureDemo)',
    seconds: Math.round((performance.now() - started) / 100) / 10,
    textsEmbedded: null,
    fromCache: null,
    heldOutAccuracy: null,
    warmStarted: 'no',
  });
  const { ctx } = createApp({ db, logger, models, training: { dataDir } });
  const bot = (await findBot(db, demo.botId))!;
  const operator = (await listOperators(db, bot.workspaceId))[0]!;

  // Each job's candidate is promoted, as an operator would, so the next retrain starts from it.
  const retrain = async (label: string, from: 'live' | 'scratch') => {
    started = performance.now();
    const job = await ctx.training.start(bot, null, { from });
    let current = job;
    for (;;) {
      current = (await findTrainingJob(db, bot.id, job.id))!;
      if (current.status === 'failed') throw new Error(`${label}: ${current.error}`);
      if (current.status === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const { encodedTexts, cacheHits } = succeeded.at(-1)!;
    const report = current.report as { candidate: { accuracy: number } };
    const version = (await findModelVersion(db, bot.id, current.candidateVersion!))!;
    const warmStarted = (version.metrics as { intent?: { warmStartedRoutes?: string[] } }).intent?.warmStartedRoutes ?? [];
    rows.push({
      run: label,
      seconds,
      textsEmbedded: encodedTexts,
      fromCache: cacheHits,
      heldOutAccuracy: round1(report.candidate.accuracy * 100),
      warmStarted: warmStarted.join(' ') || 'no',
    });
    // Past the gate: the bench measures every retrain, including one the gate would hold back for a look.
    await promoteCandidate(ctx, { bot, version: version.version, operator, overrideReason: 'bench:retrain promotes every candidate' });
  };

  // A smoke skips re-embedding everything: the code is the same as the warm-cache run's.
  if (!quick) {
    await rm(embeddingCache(dataDir).file, { force: true });
    await retrain('retrain, embedding cache cold', 'live');
  }
  await retrain('retrain, embedding cache warm', 'live');
  await addTrainingExamples(db, { botId: bot.id, task: 'intent', source: 'correction', examples: CORRECTIONS });
  await retrain(`retrain after ${CORRECTIONS.length} corrections, cache warm`, 'live');
  await retrain(`the same from scratch (no warm start)`, 'scratch');
  await ctx.training.close();
  console.table(rows);
  // The headline figures: seeding and training the demo's first model, and the slowest retrain of this run
  // that starts from the live model (what the console's Retrain does).
  const firstStartSeconds = rows[0]!.seconds;
  const retrainSeconds = Math.max(...rows.slice(1, -1).map((r) => r.seconds));
  const scratchRetrainSeconds = rows.at(-1)!.seconds;
  const result = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    rows,
    firstStartSeconds,
    retrainSeconds,
    scratchRetrainSeconds,
    ...(quick && { quick: true }),
  };
  if (!quick) writeBenchResult('retrain', result);
  console.log(JSON.stringify(result));
} finally {
  await models.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
  if (demoDataDir) await rm(demoDataDir, { recursive: true, force: true });
}
