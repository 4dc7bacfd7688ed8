import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OUT_OF_SCOPE_LABEL, SMALL_TALK_KINDS, SMALL_TALK_PREFIX } from '@parley/model';
import { z } from 'zod';

/** The realistic evaluation set (README.md beside it): never trained on, by anything. */
export const EVAL_SET_FILE = fileURLToPath(new URL('./eval-set.jsonl', import.meta.url));

const lineSchema = z.discriminatedUnion('category', [
  z.object({
    category: z.literal('in_scope'),
    text: z.string().min(1),
    lang: z.enum(['en', 'zh']),
    intent: z.string(),
    sentiment: z.string(),
  }),
  z.object({
    category: z.literal('small_talk'),
    text: z.string().min(1),
    lang: z.enum(['en', 'zh']),
    smallTalk: z.enum(SMALL_TALK_KINDS),
    sentiment: z.string(),
  }),
  z.object({ category: z.enum(['out_of_scope', 'gibberish']), text: z.string().min(1), lang: z.enum(['en', 'zh']), sentiment: z.string() }),
]);

export type EvalCategory = z.infer<typeof lineSchema>['category'];

export interface EvalMessage {
  text: string;
  lang: 'en' | 'zh';
  category: EvalCategory;
  /** The intent the bot should answer with: a domain intent, `smalltalk.<kind>`, or the out-of-scope label. */
  expected: string;
  sentiment: string;
}

export function readEvalSet(file = EVAL_SET_FILE): EvalMessage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = lineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      const row = parsed.data;
      const expected =
        row.category === 'in_scope' ? row.intent : row.category === 'small_talk' ? SMALL_TALK_PREFIX + row.smallTalk : OUT_OF_SCOPE_LABEL;
      return { text: row.text, lang: row.lang, category: row.category, expected, sentiment: row.sentiment };
    });
}
