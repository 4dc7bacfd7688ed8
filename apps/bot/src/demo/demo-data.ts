import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readExamples, type Example } from '@parley/model';
import { quickRepliesSchema, textSchema } from '@parley/protocol';
import { z } from 'zod';

/** apps/bot/demo: the vendored data the demo bot is seeded from (its READMEs name sources and licenses). */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

const answerSchema = z.object({ text: textSchema, quickReplies: quickRepliesSchema.optional() });
const answersFileSchema = z.object({
  answers: z.record(z.string(), answerSchema),
  intentDisplayNames: z.record(z.string(), z.string()),
});
const chineseFileSchema = answersFileSchema.extend({ texts: z.record(z.string(), textSchema) });

export type DemoAnswers = z.infer<typeof answersFileSchema>;

export interface DemoData extends DemoAnswers {
  /** The Chinese answers, display names and bot texts (zh/answers.json). */
  zh: z.infer<typeof chineseFileSchema>;
  /** Bitext's templated examples and the realistic English and Chinese ones (realistic/train.*.jsonl). */
  intents: Example[];
  /**
   * Held-out intent examples (bitext/test.jsonl and realistic/test.jsonl): seeded as split 'test', never trained
   * on, what candidates are judged on.
   */
  intentTests: Example[];
  /** The templated sentiment examples and the realistic English and Chinese ones. */
  sentiment: Example[];
}

/** The demo's files, relative to its data directory; a test copy may leave the optional ones out. */
const FILES = {
  intents: ['bitext/train.jsonl', 'realistic/train.en.jsonl', 'realistic/train.zh.jsonl', 'realistic/oos.jsonl'],
  intentTests: ['bitext/test.jsonl', 'realistic/test.jsonl'],
  sentiment: ['sentiment/train.jsonl', 'sentiment/realistic.jsonl'],
};

async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The examples of the files that exist, in order; the first file of each list must exist. */
async function readAll(dir: string, files: string[]): Promise<Example[]> {
  const present = files.filter((file, i) => i === 0 || existsSync(path.join(dir, file)));
  const read = await Promise.all(present.map((file) => readExamples(path.join(dir, file))));
  return read.flatMap((r) => r.examples);
}

/** Reads the demo's intent and sentiment examples and its answers; a damaged file fails naming itself. */
export async function loadDemoData(dir = DEMO_DATA_DIR): Promise<DemoData> {
  const zhFile = path.join(dir, 'zh', 'answers.json');
  const [answers, zh, intents, intentTests, sentiment] = await Promise.all([
    readJsonFile(path.join(dir, 'bitext', 'answers.json'), answersFileSchema),
    existsSync(zhFile) ? readJsonFile(zhFile, chineseFileSchema) : { answers: {}, intentDisplayNames: {}, texts: {} },
    readAll(dir, FILES.intents),
    readAll(dir, FILES.intentTests),
    readAll(dir, FILES.sentiment),
  ]);
  return { ...answers, zh, intents, intentTests, sentiment };
}
