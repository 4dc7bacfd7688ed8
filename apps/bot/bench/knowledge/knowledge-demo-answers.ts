import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';

const QUESTIONS = fileURLToPath(new URL('../../demo/knowledge/questions.jsonl', import.meta.url));

const questionLine = z.object({
  question: z.string().min(1),
  language: z.enum(['en', 'zh']),
  answerable: z.boolean(),
  document: z.string().nullish(),
});
type DemoQuestion = z.infer<typeof questionLine>;

export interface DemoAnswerCounts {
  /** Answerable questions answered from the document that answers them. */
  right: number;
  /** Answered from another document, or an unanswerable question answered at all. */
  wrong: number;
  declined: number;
  total: number;
}

export type DemoAnswers = Record<DemoQuestion['language'], DemoAnswerCounts>;

/**
 * The held-out half of the demo questions: the lines at odd positions counting from 0 (the 2nd, 4th, … line).
 * DEFAULT_ANSWER_THRESHOLD was tuned on the other half, so these say how the shipped thresholds do on questions
 * they never saw (extractive-answer.ts quotes the same half: en 22 questions, zh 21).
 */
export function heldOutDemoQuestions(): DemoQuestion[] {
  return readFileSync(QUESTIONS, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => questionLine.parse(JSON.parse(line)))
    .filter((_, index) => index % 2 === 1);
}

/**
 * What the extractive answer (shipped thresholds) does with each held-out question on the demo bot. `keyOf`
 * maps a stored document id to its file in apps/bot/demo/knowledge ('en/shipping.md'), the questions' `document`.
 */
export async function demoAnswers(kb: KnowledgeBase, botId: string, keyOf: ReadonlyMap<string, string>): Promise<DemoAnswers> {
  const counts: DemoAnswers = { en: { right: 0, wrong: 0, declined: 0, total: 0 }, zh: { right: 0, wrong: 0, declined: 0, total: 0 } };
  for (const question of heldOutDemoQuestions()) {
    const { answer } = await kb.answer(botId, question.question);
    const tally = counts[question.language];
    tally.total++;
    if (!answer) tally.declined++;
    else if (question.answerable && keyOf.get(answer.source.documentId) === question.document) tally.right++;
    else tally.wrong++;
  }
  return counts;
}
