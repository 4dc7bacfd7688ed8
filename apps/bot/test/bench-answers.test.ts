import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEncoder, createModel, OUT_OF_SCOPE_LABEL, readArtifact } from '@parley/model';
import { parseBotConfig } from '../src/engine/bot-config.ts';
import type { KnowledgeAnswer } from '../src/engine/decide.ts';
import { runBehaviour } from '../src/training/behaviour.ts';
import { benchSmoke } from './support/bench-smoke.ts';
import { silentLogger } from './support/logger.ts';
import { TINY_HELD_OUT, tinyModelDir } from './support/tiny-model.ts';

interface QuestionCounts {
  answerable: { total: number; right: number; byIntent: number; wrongArticle: number; notAnswered: number };
  unanswerable: { total: number; answered: number; byIntent: number; notAnswered: number };
}

const sum = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([key]) => key !== 'total')
    .reduce((total, [, n]) => total + n, 0);

test('bench:answers runs (smoke: a small training set, every 4th message) and ends with its JSON summary', async () => {
  const summary = await benchSmoke('bench/answers.bench.ts', '--smoke');
  for (const key of [
    'enCorrect',
    'enWrong',
    'zhCorrect',
    'zhWrong',
    'oosNotAnswered',
    'smallTalkHandled',
    'gibberishHandoff',
    'gibberishWrong',
    'sentiment',
  ])
    assert.equal(typeof summary[key], 'number', key);
  assert.equal(summary['smoke'], true);
  assert.equal(summary['messages'], 148);
  // Even a few examples per intent, with the built-ins, must answer small talk and keep gibberish from a person.
  assert.ok((summary['smallTalkHandled'] as number) >= 70, `small talk ${summary['smallTalkHandled']}`);
  assert.equal(summary['gibberishHandoff'], 0);

  // The shipped (smoke) model with the demo help centre: every 7th of its test questions.
  const knowledge = summary['knowledge'] as {
    en: QuestionCounts;
    zh: QuestionCounts;
    heldOut: { en: QuestionCounts; zh: QuestionCounts };
    questions: number;
    outOfScopeAnsweredByKnowledge: number;
    inScopeReplaced: number;
    smallTalkAnsweredByKnowledge: number;
  };
  assert.equal(knowledge.questions, 13);
  assert.equal(typeof knowledge.outOfScopeAnsweredByKnowledge, 'number');
  for (const counts of [knowledge.en, knowledge.zh, knowledge.heldOut.en, knowledge.heldOut.zh]) {
    assert.equal(sum(counts.answerable), counts.answerable.total, JSON.stringify(counts));
    assert.equal(sum(counts.unanswerable), counts.unanswerable.total, JSON.stringify(counts));
  }
  const total = (c: QuestionCounts) => c.answerable.total + c.unanswerable.total;
  assert.equal(total(knowledge.en) + total(knowledge.zh), 13);
  assert.ok(total(knowledge.heldOut.en) + total(knowledge.heldOut.zh) < 13, 'the held-out half is a part of the questions');
  // The demo bot lists no knowledgeIntents: the knowledge base must never replace an intent's answer or small talk.
  assert.equal(knowledge.inScopeReplaced, 0);
  assert.equal(knowledge.smallTalkAnsweredByKnowledge, 0);
  // The smoke model answers hardly anything itself, so the help centre's questions reach the knowledge base.
  const right = knowledge.en.answerable.right + knowledge.zh.answerable.right;
  assert.ok(right >= 5, `answered from the right article: ${right} of ${knowledge.en.answerable.total + knowledge.zh.answerable.total}`);
});

test('runBehaviour asks its knowledge hook only for decisions the knowledge base could change, as a customer turn does', async () => {
  const encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false }, silentLogger());
  const model = await createModel(await readArtifact((await tinyModelDir()).dir), encoder, { ownsEncoder: true });
  try {
    const config = parseBotConfig({
      answers: {
        track_order: { text: 'Track it under My orders.' },
        cancel_order: { text: 'Open the order and press Cancel.' },
        get_refund: { text: 'Refunds take 5 days.' },
        change_address: { text: 'Edit the address under My orders.' },
      },
      knowledgeIntents: ['get_refund'],
      // The tiny model knows no out-of-scope text: it takes the nonsense below for a lukewarm request for a person.
      thresholds: { answerConfidence: 0.6, clarifyConfidence: 0.6 },
    });
    const messages = [
      ...TINY_HELD_OUT,
      { text: 'qwzx plorb vendigo', label: OUT_OF_SCOPE_LABEL },
      { text: 'how tall is mount everest', label: OUT_OF_SCOPE_LABEL },
    ];
    const asked: string[] = [];
    const answer: KnowledgeAnswer = { text: 'From the help centre.', citations: [{ number: 1, documentId: 'doc-1', title: 'Help' }] };
    const rows = await runBehaviour(model, config, messages, {
      knowledge: async (text) => {
        asked.push(text);
        return text.startsWith('qwzx') ? undefined : answer;
      },
    });
    const withoutHook = await runBehaviour(model, config, messages);

    // Rows keep what the engine decided without the knowledge base; only the knowledge field is added.
    assert.deepEqual(
      rows.map(({ knowledge: _, ...row }) => row),
      withoutHook,
    );
    assert.ok(withoutHook.every((row) => row.knowledge === undefined));
    const couldChange = rows.filter(
      (r) =>
        r.decision.decision === 'fallback' ||
        r.decision.decision === 'clarify' ||
        (r.decision.decision === 'handoff' && r.decision.reason !== 'customer_request') ||
        (r.decision.decision === 'answer' && r.decision.intent === 'get_refund'),
    );
    assert.deepEqual(
      asked,
      couldChange.map((r) => r.text),
    );
    for (const row of rows) {
      const answered = asked.includes(row.text) && !row.text.startsWith('qwzx');
      assert.deepEqual(
        row.knowledge,
        answered ? { documentId: 'doc-1', intent: row.knowledge?.intent ?? null, text: 'From the help centre.' } : undefined,
        row.text,
      );
    }
    // A knowledgeIntents answer is replaced, keeping its intent; other answers and a request for a person are not asked about.
    const refund = rows.find((r) => r.text === 'how can I get a refund')!;
    assert.equal(refund.decision.decision, 'answer');
    assert.equal(refund.knowledge?.intent, 'get_refund');
    assert.ok(!asked.includes('where is my order now'));
    assert.ok(!asked.includes('let me talk to a real person'));
    // Out-of-scope messages fall back and reach the knowledge base; one it has no answer for keeps the fallback.
    assert.ok(asked.includes('qwzx plorb vendigo') && asked.includes('how tall is mount everest'), JSON.stringify(asked));
    assert.equal(rows.find((r) => r.text === 'how tall is mount everest')!.knowledge?.documentId, 'doc-1');
  } finally {
    await model.close();
  }
});
