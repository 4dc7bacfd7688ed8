import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readExamples, type Example } from '@parley/model';
import { quickRepliesSchema, textSchema } from '@parley/protocol';
import { z } from 'zod';

/** apps/bot/demo: the vendored data the demo bot is seeded from (its READMEs name sources and licenses). */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

const answersFileSchema = z.object({
  answers: z.record(z.string(), z.object({ text: textSchema, quickReplies: quickRepliesSchema.optional() })),
  intentDisplayNames: z.record(z.string(), z.string()),
});

export type DemoAnswers = z.infer<typeof answersFileSchema>;

export interface DemoData extends DemoAnswers {
  intents: Example[];
  /** Held-out intent examples (bitext/test.jsonl): seeded as split 'test', never trained on, what candidates are judged on. */
  intentTests: Example[];
  sentiment: Example[];
}

/** Reads the demo's intent and sentiment examples and its answers; a damaged file fails naming itself. */
export async function loadDemoData(dir = DEMO_DATA_DIR): Promise<DemoData> {
  const answersFile = path.join(dir, 'bitext', 'answers.json');
  const parsed = answersFileSchema.safeParse(JSON.parse(await readFile(answersFile, 'utf8')));
  if (!parsed.success) throw new Error(`${answersFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const [intents, intentTests, sentiment] = await Promise.all([
    readExamples(path.join(dir, 'bitext', 'train.jsonl')),
    readExamples(path.join(dir, 'bitext', 'test.jsonl')),
    readExamples(path.join(dir, 'sentiment', 'train.jsonl')),
  ]);
  return { ...parsed.data, intents: intents.examples, intentTests: intentTests.examples, sentiment: sentiment.examples };
}
