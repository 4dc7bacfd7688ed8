/**
 * What the demo bot does with realistic customer messages (bench/answers/eval-set.jsonl: English and Chinese
 * requests, out-of-scope questions, small talk, gibberish; never trained on). Trains the demo's model as a first
 * start does, runs every message through the real engine (classify, then decide) and reports per category:
 * answered correctly, answered wrongly, clarified, fell back, handed off, small talk handled; raw top-1 and
 * sentiment accuracy; ECE. Also reports a model trained on Bitext's templated examples alone (plus the built-ins),
 * which is what a user with only clean, templated data gets.
 *
 * Then the shipped model again with the demo help centre (demo/knowledge, indexed as `npm start` does) as its
 * knowledge base, answering extractively as a bot without a language model does: how the knowledge answers change
 * the evaluation set's categories (the out-of-scope messages they answer are listed, for a person to judge), and a
 * "knowledge" category, the help centre's test questions through classify → decide → knowledge, per language and
 * for the held-out half (the odd lines; the thresholds were tuned on the even ones) on its own. The figures
 * without the knowledge base are those of the runs above, unchanged by it.
 *
 *   npm run bench:answers            (prints tables; writes bench/results/answers.json; the last line is JSON)
 *   npm run bench:answers -- --smoke (a small training set, every 4th message and every 7th knowledge question:
 *                                     checks the bench runs)
 *
 * With --correction it also retrains the shipped model after one operator correction (the one that used to
 * collapse the calibration: "where is my refund??" confirmed as track_refund), from scratch and starting from the
 * shipped model (what the console's Retrain does), and reports how far each figure moved (`correction.maxDelta`
 * and `warmCorrection.maxDelta`, in points; the bar is 2).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createEncoder,
  createModel,
  OUT_OF_SCOPE_LABEL,
  readExamples,
  train,
  type Encoder,
  type Example,
  type ModelArtifact,
} from '@parley/model';
import { pino } from 'pino';
import { demoBotConfig } from '../src/demo/ensure-demo.ts';
import { DEMO_DATA_DIR, loadDemoData, type DemoData } from '../src/demo/demo-data.ts';
import { parseBotConfig, type BotConfig } from '../src/engine/bot-config.ts';
import { runBehaviour } from '../src/training/behaviour.ts';
import { modelTrainingSet } from '../src/training/model-training-set.ts';
import { answerFigures, finalOutcome, type AnswerFigures } from './answers/answer-report.ts';
import { openDemoKnowledgeBase, type DemoKnowledgeBase } from './answers/demo-knowledge-base.ts';
import { coveredOutOfScope, readDemoQuestions, type DemoQuestion } from './answers/demo-questions.ts';
import { readEvalSet, type EvalMessage } from './answers/eval-set.ts';
import { countQuestions, evalSetKnowledge, questionVerdict, type KnowledgeQuestionCounts } from './answers/knowledge-report.ts';
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
  let knowledge: KnowledgeRun;
  // The help centre is indexed (a fresh PGlite, then the articles' embeddings) while the models train.
  const opening = performance.now();
  const knowledgeBase = openDemoKnowledgeBase(encoder, logger).then((kb) => ({ ...kb, readySeconds: secondsSince(opening) }));
  knowledgeBase.catch(() => undefined); // awaited after training; a failure must not end the process before then
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
    knowledge = await withKnowledgeBase(await knowledgeBase, encoder, shippedArtifact!, config, messages);
  } finally {
    await knowledgeBase.then(
      (kb) => kb.close(),
      () => undefined,
    );
    await encoder.close();
  }

  const tableRow = (f: AnswerFigures, trainSeconds: number | string, knowledgeAnswers: string) => ({
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
    'train s': trainSeconds,
    'KB answers: in-scope / OOS / small talk / gibberish': knowledgeAnswers,
  });
  const k = knowledge.evalSet;
  console.table({
    ...Object.fromEntries(Object.entries(figures).map(([name, f]) => [name, tableRow(f, f.trainSeconds, '-')])),
    [`${smoke ? 'shipped (smoke)' : 'shipped demo model'} + knowledge base`]: tableRow(
      knowledge.figures,
      'same model',
      `${k.inScopeReplaced + k.inScopeAnsweredByKnowledge} / ${k.outOfScopeAnsweredByKnowledge} / ${k.smallTalkAnsweredByKnowledge} / ${k.gibberishAnsweredByKnowledge}`,
    ),
  });
  printKnowledge(knowledge);
  const [shipped, templatedOnly, correctedCold, correctedWarm] = Object.values(figures);
  const summary = {
    ...shipped!,
    ...(templatedOnly && { templated: templatedOnly }),
    ...(correctedCold && { correction: movedBy(shipped!, correctedCold) }),
    ...(correctedWarm && { warmCorrection: movedBy(shipped!, correctedWarm) }),
    knowledge: {
      en: knowledge.questions.en,
      zh: knowledge.questions.zh,
      heldOut: knowledge.questions.heldOut,
      ...knowledge.evalSet,
      questions: knowledge.questionCount,
      seconds: knowledge.seconds,
      figures: knowledge.figures,
    },
    messages: messages.length,
    smoke,
  };
  console.log(`wrote ${writeBenchResult(smoke ? 'answers-smoke' : 'answers', { summary, at: new Date().toISOString() })}`);
  console.log(JSON.stringify(summary));
}

interface KnowledgeRun {
  /** The evaluation set judged by what the bot finally said (see finalOutcome). */
  figures: AnswerFigures;
  evalSet: ReturnType<typeof evalSetKnowledge>;
  questions: {
    en: KnowledgeQuestionCounts;
    zh: KnowledgeQuestionCounts;
    heldOut: { en: KnowledgeQuestionCounts; zh: KnowledgeQuestionCounts };
  };
  questionCount: number;
  /** Indexing the help centre (while the models trained); running the messages and questions through the engine with it. */
  seconds: { indexedAlongsideTraining: number; run: number };
  /** Lines for a person to judge: what the knowledge base answered, and the questions it missed. */
  listings: { outOfScope: string[]; inScope: string[]; missed: string[] };
}

/**
 * The shipped model (no retraining) with the demo help centre as its knowledge base, on the evaluation set and on
 * the help centre's test questions (expected out of scope: no intent answers them).
 */
async function withKnowledgeBase(
  kb: DemoKnowledgeBase & { readySeconds: number },
  encoder: Encoder,
  artifact: ModelArtifact,
  config: BotConfig,
  messages: readonly EvalMessage[],
): Promise<KnowledgeRun> {
  const questions = readDemoQuestions().filter((_, i) => !smoke || i % 7 === 0);
  const started = performance.now();
  const model = await createModel(artifact, encoder);
  let rows;
  try {
    rows = await runBehaviour(
      model,
      config,
      [
        ...messages.map((m) => ({ text: m.text, label: m.expected })),
        ...questions.map((q) => ({ text: q.question, label: OUT_OF_SCOPE_LABEL })),
      ],
      { knowledge: kb.answer(config) },
    );
  } finally {
    await model.close();
  }
  const seconds = { indexedAlongsideTraining: kb.readySeconds, run: secondsSince(started) };
  const evalRows = rows.slice(0, messages.length);
  const judged = questions.map((question, i) => ({
    question,
    row: rows[messages.length + i]!,
    verdict: questionVerdict(question, rows[messages.length + i]!, kb.fileOf),
  }));
  const count = (test: (q: DemoQuestion) => boolean) => countQuestions(judged.filter((j) => test(j.question)));
  const covered = coveredOutOfScope();
  const cited = (documentId: string | null) => (documentId && kb.fileOf.get(documentId)) ?? documentId ?? 'no citation';
  const quote = (text: string) => JSON.stringify(text.length > 90 ? `${text.slice(0, 90)}…` : text);
  const engine = (d: (typeof rows)[number]['decision']) =>
    d.decision === 'clarify' ? `clarify ${d.options!.join('/')}` : d.decision === 'answer' ? `answer ${d.intent}` : d.decision;
  return {
    figures: answerFigures(messages, evalRows.map(finalOutcome)),
    evalSet: evalSetKnowledge(messages, evalRows, covered),
    questions: {
      en: count((q) => q.language === 'en'),
      zh: count((q) => q.language === 'zh'),
      heldOut: { en: count((q) => q.heldOut && q.language === 'en'), zh: count((q) => q.heldOut && q.language === 'zh') },
    },
    questionCount: questions.length,
    seconds,
    listings: {
      outOfScope: evalRows.flatMap((r, i) =>
        r.knowledge && messages[i]!.category === 'out_of_scope'
          ? [`${covered(r.text) ? '[README]' : '        '} ${quote(r.text)} → ${cited(r.knowledge.documentId)}: ${quote(r.knowledge.text)}`]
          : [],
      ),
      inScope: evalRows.flatMap((r, i) =>
        r.knowledge && messages[i]!.category === 'in_scope'
          ? [`${quote(r.text)} (${r.expected}; without KB: ${engine(r.decision)}) → ${cited(r.knowledge.documentId)}`]
          : [],
      ),
      missed: judged.flatMap(({ question, row, verdict }) =>
        verdict === 'right' || (verdict === 'notAnswered' && !question.answerable)
          ? []
          : [
              `${verdict.padEnd(12)} ${quote(question.question)} (${question.document ?? 'unanswerable'}${question.heldOut ? ', held out' : ''}) → ${
                row.knowledge ? cited(row.knowledge.documentId) : engine(row.decision)
              }`,
            ],
      ),
    },
  };
}

const secondsSince = (from: number, to = performance.now()) => Number(((to - from) / 1000).toFixed(1));

function printKnowledge(run: KnowledgeRun): void {
  console.log(
    `\nKnowledge base: demo help centre indexed in ${run.seconds.indexedAlongsideTraining} s (alongside training); messages and questions run with it in ${run.seconds.run} s.`,
  );
  const { outOfScopeCovered: covered } = run.evalSet;
  console.log(
    `\nOut-of-scope messages answered from the knowledge base (${run.listings.outOfScope.length}; [README]: demo/knowledge/README.md says the articles answer it; ${covered.answered} of those ${covered.total} answered):`,
  );
  for (const line of run.listings.outOfScope) console.log(`  ${line}`);
  console.log(
    `\nIn-scope messages answered from the knowledge base (${run.listings.inScope.length}; intent answers replaced: ${run.evalSet.inScopeReplaced}):`,
  );
  for (const line of run.listings.inScope) console.log(`  ${line}`);
  const cells = (c: KnowledgeQuestionCounts) => ({
    'answerable: right article': `${c.answerable.right} / ${c.answerable.total}`,
    'by an intent': c.answerable.byIntent,
    'wrong article': c.answerable.wrongArticle,
    'fell back / handed off': c.answerable.notAnswered,
    'unanswerable: answered (bad)': `${c.unanswerable.answered} / ${c.unanswerable.total}`,
    'by an intent ': c.unanswerable.byIntent,
    'not answered': c.unanswerable.notAnswered,
  });
  const q = run.questions;
  console.log(`\nKnowledge questions (demo/knowledge/questions.jsonl, ${run.questionCount}) through classify → decide → knowledge:`);
  console.table({ en: cells(q.en), zh: cells(q.zh), 'en held out': cells(q.heldOut.en), 'zh held out': cells(q.heldOut.zh) });
  console.log('Knowledge questions missed (answerable ones not answered from their article, unanswerable ones answered):');
  for (const line of run.listings.missed) console.log(`  ${line}`);
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
