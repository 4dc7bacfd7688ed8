/**
 * Times train() on the demo bot's training set, stage by stage, then retrains it after a few corrections twice,
 * cold and warm-started from the first model, and scores all three on the demo's held-out examples: where a demo
 * retrain spends its seconds, and what a warm start costs in accuracy. The embedding cache lives in a file of its
 * own (the first run fills it).
 *
 *   NODE_OPTIONS=--conditions=@parley/source npx tsx scripts/profile-demo-train.ts [cache-file]
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createEncoder, createModel, evaluate, train, type Example, type ModelArtifact, type TrainData } from '@parley/model';
import { pino } from 'pino';
import { loadDemoData } from '../src/demo/demo-data.ts';
import { modelTrainingSet } from '../src/training/model-training-set.ts';

const CORRECTIONS: Example[] = [
  { text: 'my parcel never showed up, where is it', label: 'track_order' },
  { text: 'i paid twice for the same thing', label: 'payment_issue' },
  { text: 'can you send the bill to my email again', label: 'get_invoice' },
  { text: 'the courier left my box at the wrong house', label: 'delivery_options' },
  { text: 'stop sending me your promotions', label: 'newsletter_subscription' },
];

const cacheFile = process.argv[2] ?? path.join(os.tmpdir(), 'parley-profile-demo.cache');
const logger = pino({ level: 'warn' });
const demo = await loadDemoData();
const builtins = { smallTalk: true, background: true };
const scratch = mkdtempSync(path.join(os.tmpdir(), 'parley-profile-'));
const encoder = await createEncoder({ kind: 'use-lite', cache: { file: cacheFile, maxEntries: 200_000 } }, logger);
const rows: Array<Record<string, unknown>> = [];

async function timed(run: string, data: TrainData, warmStart?: ModelArtifact): Promise<ModelArtifact> {
  const started = performance.now();
  const stages = new Map<string, number>();
  let [stage, stageAt] = ['', started];
  const artifact = await train(data, { encoder, outDir: path.join(scratch, String(rows.length)), seed: 1, logger, warmStart }, (p) => {
    const name = p.stage === 'train' ? `${p.task} ${p.route}` : p.stage;
    if (name === stage) return;
    const now = performance.now();
    stages.set(stage, (stages.get(stage) ?? 0) + now - stageAt);
    [stage, stageAt] = [name, now];
  });
  stages.set(stage, (stages.get(stage) ?? 0) + performance.now() - stageAt);
  const model = await createModel(artifact, encoder);
  const intent = await evaluate(model, demo.intentTests, { task: 'intent' });
  const corrections = await evaluate(model, CORRECTIONS, { task: 'intent' });
  rows.push({
    run,
    seconds: Math.round(performance.now() - started) / 1000,
    ...Object.fromEntries([...stages].filter(([s]) => s.includes(' ')).map(([s, ms]) => [s, Math.round(ms) / 1000])),
    testAccuracy: Math.round(intent.accuracy * 1000) / 10,
    testMacroF1: Math.round(intent.macroF1 * 1000) / 10,
    correctionsLearned: Math.round(corrections.accuracy * CORRECTIONS.length),
  });
  return artifact;
}

try {
  const first = await timed('cold', modelTrainingSet({ intents: demo.intents, sentiment: demo.sentiment }, builtins, 1));
  const corrected = modelTrainingSet({ intents: [...demo.intents, ...CORRECTIONS], sentiment: demo.sentiment }, builtins, 1);
  await timed('corrected, cold', corrected);
  await timed('corrected, warm', corrected, first);
} finally {
  await encoder.close();
  await rm(scratch, { recursive: true, force: true });
}
console.table(rows);
console.log(JSON.stringify({ rows, load: os.loadavg() }));
