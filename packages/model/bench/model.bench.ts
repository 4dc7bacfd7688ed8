/**
 * Model benchmark: trains and evaluates intent and sentiment heads on the shared datasets, prints a table
 * beside published anchors, writes bench/results/model.json; the last line is the summary JSON.
 * Accuracies are percentages; ECE is a fraction (0.05 = 5%).
 *
 *   npx tsx bench/model.bench.ts                           all six datasets
 *   npx tsx bench/model.bench.ts --datasets=banking77,sst2  a subset, for iterating (summary keys of the rest are absent)
 *   npx tsx bench/model.bench.ts --precision=int8           the same on the int8 encoder (judged by these figures)
 *   npx tsx bench/model.bench.ts --quick                    smoke in seconds: the test fixtures' tiny domain, trained once
 */
import { pino } from 'pino';
import { createEncoder, EmbeddingCache } from '../src/index.ts';
import { train } from '../src/classifier/train.ts';
import { createModel } from '../src/classifier/model.ts';
import { evaluate } from '../src/classifier/evaluate.ts';
import type { EvaluationReport, Example, TaskName } from '../src/classifier/types.ts';
import type { Encoder } from '../src/encoder/encoder-types.ts';
import { readJsonl, writeResult } from './shared-data.ts';
import { chineseIntents, chineseSentiment, englishIntents, englishSentiment } from '../test/fixtures/tiny-domain.ts';

interface Dataset {
  name: string;
  task: TaskName;
  /** Which split is scored; SST-2's target is on its dev split. */
  evalSplit: 'test' | 'dev';
  /** A dev split used as validation data (early stopping, calibration, OOS threshold). */
  devAsValidation: boolean;
  anchors: string;
  target: string;
}

const DATASETS: Dataset[] = [
  {
    name: 'banking77',
    task: 'intent',
    evalSplit: 'test',
    devAsValidation: false,
    anchors: 'BERT-large FT 93.66 · bge-small+LR 85.74 · MiniLM+LR 80.04',
    target: '≥ 90 (stretch 94), train ≤ 30 s cold / ≤ 5 s cached',
  },
  {
    name: 'clinc150',
    task: 'intent',
    evalSplit: 'test',
    devAsValidation: true,
    anchors: 'BERT-large 96.2 in-scope, OOS recall 52.3',
    target: 'in-scope ≥ 94, OOS recall ≥ 55',
  },
  { name: 'bitext_cs', task: 'intent', evalSplit: 'test', devAsValidation: false, anchors: '—', target: '—' },
  { name: 'smp2017_ecdt', task: 'intent', evalSplit: 'test', devAsValidation: true, anchors: '—', target: '≥ 88' },
  {
    name: 'sst2',
    task: 'sentiment',
    evalSplit: 'dev',
    devAsValidation: false,
    anchors: 'distilbert FT 91.3 · USE+LR 84.9',
    target: '≥ 86',
  },
  { name: 'chnsenticorp', task: 'sentiment', evalSplit: 'test', devAsValidation: true, anchors: '—', target: '≥ 88' },
];

const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
const pct = (x: number) => Number((x * 100).toFixed(2));
const key = (task: TaskName) => (task === 'intent' ? 'intents' : 'sentiment');

async function trainTimed(encoder: Encoder, dataset: Dataset, trainSet: Example[], validation: Example[] | undefined) {
  const start = performance.now();
  const artifact = await train(
    { [key(dataset.task)]: trainSet },
    { encoder, seed: 42, logger, ...(validation ? { validation: { [key(dataset.task)]: validation } } : {}) },
  );
  return { artifact, seconds: (performance.now() - start) / 1000 };
}

/** `--datasets=a,b`: only these datasets (by name). */
function selectedDatasets(argv: readonly string[]): Dataset[] {
  const flag = argv.find((a) => a.startsWith('--datasets='));
  if (!flag) return DATASETS;
  const names = flag.slice('--datasets='.length).split(',').filter(Boolean);
  const unknown = names.filter((n) => !DATASETS.some((d) => d.name === n));
  if (unknown.length > 0) throw new Error(`unknown dataset(s) ${unknown.join(', ')}; known: ${DATASETS.map((d) => d.name).join(', ')}`);
  return DATASETS.filter((d) => names.includes(d.name));
}

/** `--quick`: the test fixtures' tiny bilingual domain stands in for every dataset, scored on its own examples. */
const QUICK_DATA: Record<string, Partial<Record<'train' | 'dev' | 'test', Example[]>>> = {
  tiny_intents: { train: [...englishIntents, ...chineseIntents], test: [...englishIntents, ...chineseIntents] },
  tiny_sentiment: { train: [...englishSentiment, ...chineseSentiment], test: [...englishSentiment, ...chineseSentiment] },
};
const QUICK_DATASETS: Dataset[] = [
  { name: 'tiny_intents', task: 'intent', evalSplit: 'test', devAsValidation: false, anchors: '—', target: '—' },
  { name: 'tiny_sentiment', task: 'sentiment', evalSplit: 'test', devAsValidation: false, anchors: '—', target: '—' },
];

function precisionFlag(argv: readonly string[]): 'fp32' | 'int8' {
  const value = argv.find((a) => a.startsWith('--precision='))?.slice('--precision='.length) ?? 'fp32';
  if (value !== 'fp32' && value !== 'int8') throw new Error(`--precision must be fp32 or int8, got ${value}`);
  return value;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const precision = precisionFlag(argv);
  const datasets = quick ? QUICK_DATASETS : selectedDatasets(argv);
  const read = (name: string, split: 'train' | 'dev' | 'test') => (quick ? QUICK_DATA[name]![split]! : readJsonl(name, split));
  const cache = new EmbeddingCache({ maxEntries: 200_000 }, logger);
  const encoder = await createEncoder({ kind: 'use-lite', precision, cache }, logger);
  const rows: Array<Record<string, string | number>> = [];
  const results: Record<string, Record<string, number>> = {};
  const eces: number[] = [];
  for (const dataset of datasets) {
    const trainSet = read(dataset.name, 'train');
    const validation = dataset.devAsValidation ? read(dataset.name, 'dev') : undefined;
    const evalSet = read(dataset.name, dataset.evalSplit);
    const cold = await trainTimed(encoder, dataset, trainSet, validation);
    // The same run again: every embedding now comes from the cache (a smoke trains once).
    const cached = quick ? cold : await trainTimed(encoder, dataset, trainSet, validation);
    const model = await createModel(cached.artifact, encoder);
    const report: EvaluationReport = await evaluate(model, evalSet, { task: dataset.task });
    await model.close();
    eces.push(report.ece);
    const entry: Record<string, number> = {
      accuracy: pct(report.accuracy),
      macroF1: pct(report.macroF1),
      ece: Number(report.ece.toFixed(4)),
      trainSeconds: Number(cold.seconds.toFixed(2)),
      trainSecondsCached: Number(cached.seconds.toFixed(2)),
    };
    if (report.inScopeAccuracy !== undefined) entry['inScopeAccuracy'] = pct(report.inScopeAccuracy);
    if (report.oos) entry['oosRecall'] = pct(report.oos.recall);
    results[dataset.name] = entry;
    rows.push({
      dataset: `${dataset.name} (${dataset.evalSplit})`,
      'accuracy %':
        entry['inScopeAccuracy'] !== undefined
          ? `${entry.accuracy} (in-scope ${entry['inScopeAccuracy']}, OOS recall ${entry['oosRecall']})`
          : entry.accuracy!,
      'ECE %': Number((report.ece * 100).toFixed(2)),
      'train s cold / cached': `${entry.trainSeconds} / ${entry.trainSecondsCached}`,
      target: dataset.target,
      anchors: dataset.anchors,
    });
    logger.info({ dataset: dataset.name, entry }, 'dataset done');
  }
  await encoder.close();
  console.table(rows);
  const ece = Number((eces.reduce((a, b) => a + b, 0) / eces.length).toFixed(4));
  const pick = (name: string, keys: string[]) =>
    results[name] ? { [name]: Object.fromEntries(keys.map((k) => [k, results[name]![k]])) } : {};
  const summary = {
    ...pick('banking77', ['accuracy', 'trainSeconds', 'trainSecondsCached']),
    ...pick('clinc150', ['inScopeAccuracy', 'oosRecall', 'accuracy']),
    ...pick('sst2', ['accuracy']),
    ...pick('smp2017_ecdt', ['accuracy']),
    ...pick('chnsenticorp', ['accuracy']),
    ...pick('bitext_cs', ['accuracy']),
    ...pick('tiny_intents', ['accuracy']),
    ...pick('tiny_sentiment', ['accuracy']),
    ece,
    precision,
    encoder: encoder.id,
    ...(quick && { quick: true }),
  };
  // A subset run does not overwrite the full run's results file.
  const wrote =
    datasets === DATASETS
      ? ` · wrote ${writeResult(precision === 'fp32' ? 'model' : `model-${precision}`, { summary, datasets: results, at: new Date().toISOString() })}`
      : '';
  console.log(`mean ECE over ${datasets.length} datasets: ${(ece * 100).toFixed(2)}%${wrote}`);
  console.log(JSON.stringify(summary));
}

await main();
