/**
 * What the demo bot does with realistic customer messages (bench/answers/eval-set.jsonl: English and Chinese
 * requests, out-of-scope questions, small talk, gibberish; never trained on). Trains the demo's model as a first
 * start does, runs every message through the real engine (classify, then decide) and reports per category:
 * answered correctly, answered wrongly, clarified, fell back, handed off, small talk handled; raw top-1 and
 * sentiment accuracy; ECE. Also reports a model trained on Bitext's templated examples alone (plus the built-ins),
 * which is what a user with only clean, templated data gets.
 *
 *   npm run bench:answers            (prints a table; writes bench/results/answers.json; the last line is JSON)
 *   npm run bench:answers -- --smoke (a small training set and every 4th message: checks the bench runs)
 *
 * With --correction it also retrains the shipped model after one operator correction (the one that used to
 * collapse the calibration: "where is my refund??" confirmed as track_refund), from scratch and starting from the
 * shipped model (what the console's Retrain does), and reports how far each figure moved (`correction.maxDelta`
 * and `warmCorrection.maxDelta`, in points; the bar is 2).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEncoder, createModel, readExamples, train, type Example, type ModelArtifact } from '@parley/model';
import { pino } from 'pino';
import { demoBotConfig } from '../src/demo/ensure-demo.ts';
import { DEMO_DATA_DIR, loadDemoData, type DemoData } from '../src/demo/demo-data.ts';
import { parseBotConfig } from '../src/engine/bot-config.ts';
import { runBehaviour } from '../src/training/behaviour.ts';
import { modelTrainingSet } from '../src/training/model-training-set.ts';
import { answerFigures, type AnswerFigures } from './answers/answer-report.ts';
import { readEvalSet } from './answers/eval-set.ts';
import { writeBenchResult } from './bench-result.ts';

const smoke = process.argv.includes('--smoke');
const correction = process.argv.includes('--correction');
const CORRECTION: Example = { text: 'where is my refund??', label: 'track_refund' };
const SEED = 1;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

/** A few examples of every label, for the smoke run. */
const sample = (examples: Example[], perLabel: number): Example[] => {
  const seen = new Map<string, number>();
  return examples.filter((e) => (seen.set(e.label, (seen.get(e.label) ?? 0) + 1).get(e.label) ?? 0) <= perLabel);
};

async function main(): Promise<void> {
  const data = await loadDemoData();
  const config = parseBotConfig(demoBotConfig(data));
  const messages = readEvalSet().filter((_, i) => !smoke || i % 4 === 0);
  const templated = {
    intents: (await readExamples(path.join(DEMO_DATA_DIR, 'bitext', 'train.jsonl'))).examples,
    sentiment: (await readExamples(path.join(DEMO_DATA_DIR, 'sentiment', 'train.jsonl'))).examples,
  };
  const corrected = { ...data, intents: [...data.intents, CORRECTION] };
  const variants: Array<{ name: string; data: Pick<DemoData, 'intents' | 'sentiment'>; warmFromShipped?: boolean }> = smoke
    ? [{ name: 'shipped (smoke)', data: { intents: sample(data.intents, 6), sentiment: sample(data.sentiment, 20) } }]
    : [
        { name: 'shipped demo model', data },
        { name: 'templated data only', data: templated },
        ...(correction
          ? [
              { name: 'shipped, one correction later', data: corrected },
              { name: 'the same, from the shipped model', data: corrected, warmFromShipped: true },
            ]
          : []),
      ];

  const encoder = await createEncoder(
    { kind: 'use-lite', cache: { maxEntries: 200_000, file: path.join(repoRoot, '.cache', 'parley', 'bench-embeddings.bin') } },
    logger,
  );
  const figures: Record<string, AnswerFigures & { trainSeconds: number }> = {};
  let shippedArtifact: ModelArtifact | undefined;
  try {
    for (const variant of variants) {
      const started = performance.now();
      const warmStart = variant.warmFromShipped ? shippedArtifact : undefined;
      const artifact = await train(modelTrainingSet(variant.data, config.builtins, SEED), { encoder, seed: SEED, logger, warmStart });
      shippedArtifact ??= artifact;
      const trainSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
      const model = await createModel(artifact, encoder);
      const rows = await runBehaviour(
        model,
        config,
        messages.map((m) => ({ text: m.text, label: m.expected })),
      );
      await model.close();
      figures[variant.name] = { ...answerFigures(messages, rows), trainSeconds };
    }
  } finally {
    await encoder.close();
  }

  console.table(
    Object.fromEntries(
      Object.entries(figures).map(([name, f]) => [
        name,
        {
          'en correct %': f.enCorrect,
          'en wrong %': f.enWrong,
          'en clarify/fallback/handoff %': `${f.enClarify} / ${f.enFallback} / ${f.enHandoff}`,
          'en top-1 %': f.enTop1,
          'zh correct / wrong / top-1 %': `${f.zhCorrect} / ${f.zhWrong} / ${f.zhTop1}`,
          'OOS not answered %': f.oosNotAnswered,
          'small talk handled %': f.smallTalkHandled,
          'gibberish handoffs / wrong': `${f.gibberishHandoff} / ${f.gibberishWrong}`,
          'sentiment %': f.sentiment,
          'ECE %': f.ece,
          'train s': f.trainSeconds,
        },
      ]),
    ),
  );
  const [shipped, templatedOnly, correctedCold, correctedWarm] = Object.values(figures);
  const summary = {
    ...shipped!,
    ...(templatedOnly && { templated: templatedOnly }),
    ...(correctedCold && { correction: movedBy(shipped!, correctedCold) }),
    ...(correctedWarm && { warmCorrection: movedBy(shipped!, correctedWarm) }),
    messages: messages.length,
    smoke,
  };
  console.log(`wrote ${writeBenchResult(smoke ? 'answers-smoke' : 'answers', { summary, at: new Date().toISOString() })}`);
  console.log(JSON.stringify(summary));
}

/** How far each figure moved between two runs, in points, and the largest move (training time aside). */
function movedBy(before: AnswerFigures, after: AnswerFigures): { deltas: Record<string, number>; maxDelta: number } {
  const deltas = Object.fromEntries(
    (Object.keys(before) as Array<keyof AnswerFigures>)
      .filter((key) => !['gibberishHandoff', 'gibberishWrong', 'trainSeconds'].includes(key))
      .map((key) => [key, Number((after[key] - before[key]).toFixed(1))]),
  );
  return { deltas, maxDelta: Math.max(...Object.values(deltas).map(Math.abs)) };
}

await main();
