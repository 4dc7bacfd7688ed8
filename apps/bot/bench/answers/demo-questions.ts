import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEMO_KNOWLEDGE_DIR } from '../../src/demo/demo-knowledge.ts';

/** The demo help centre's test questions (demo/knowledge/README.md, "Test questions"). */
export const DEMO_QUESTIONS_FILE = path.join(DEMO_KNOWLEDGE_DIR, 'questions.jsonl');

const questionLine = z.object({
  question: z.string().min(1),
  language: z.enum(['en', 'zh']),
  answerable: z.boolean(),
  /** The article that answers it, as `<language>/<file>.md`; null for an unanswerable question. */
  document: z.string().nullable(),
});

export interface DemoQuestion extends z.infer<typeof questionLine> {
  /**
   * The lines at odd positions counting from 0: DEFAULT_ANSWER_THRESHOLD was tuned on the others
   * (extractive-answer.ts), so only these say how the shipped thresholds do on questions they never saw.
   */
  heldOut: boolean;
}

export function readDemoQuestions(file = DEMO_QUESTIONS_FILE): DemoQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = questionLine.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      return { ...parsed.data, heldOut: i % 2 === 1 };
    });
}

/** Lowercased letters and digits: the README quotes messages without their emoji and sometimes only their start. */
const normalized = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join('');

/**
 * Whether demo/knowledge/README.md says the articles answer an out-of-scope message of the evaluation set: the
 * message starts with one of the quoted messages of its paragraph that opens "Some messages that the evaluation
 * set". Nothing is, if that paragraph is gone.
 */
export function coveredOutOfScope(readme = path.join(DEMO_KNOWLEDGE_DIR, 'README.md')): (text: string) => boolean {
  const paragraph = readFileSync(readme, 'utf8')
    .split(/\n\s*\n/)
    .find((p) => p.startsWith('Some messages that the evaluation set'));
  const quoted = [...(paragraph ?? '').matchAll(/"([^"]+)"/g)].map((m) => normalized(m[1]!)).filter((q) => q !== '');
  return (text) => quoted.some((q) => normalized(text).startsWith(q));
}
