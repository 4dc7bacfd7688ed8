import type { AppContext } from '../app/context.ts';
import type { Bot } from '../db/bot-store.ts';
import type { Operator } from '../db/operator-store.ts';
import type { ExampleLine, TrainingTask } from './domain-schemas.ts';
import { writeDomain } from './domain-write.ts';
import { parseExampleFile, type ExampleFormat } from './example-files.ts';

export type ImportMode = 'append' | 'replace';

export interface ImportResult {
  imported: number;
  /** Lines skipped because the same text and label were already there (stored, or earlier in the file). */
  duplicates: number;
  /** Examples the replace removed. */
  removed: number;
}

/**
 * Imports a file of examples for one task, all or nothing: an unreadable line refuses the whole file. Append adds
 * what is new; replace first removes the task's curated examples (seed, import, editor) but keeps corrections,
 * which carry operators' judgement of real messages.
 */
export function importExamples(
  ctx: AppContext,
  bot: Bot,
  operator: Operator,
  input: { task: TrainingTask; format: ExampleFormat; mode: ImportMode; content: string },
): Promise<ImportResult> {
  const lines = parseExampleFile(input.content, input.format);
  return writeDomain(ctx, bot.id, operator, async ({ tx }) => {
    const removed =
      input.mode === 'replace'
        ? (
            await tx.query(`DELETE FROM training_examples WHERE bot_id = $1 AND task = $2 AND source IN ('seed', 'import', 'editor')`, [
              bot.id,
              input.task,
            ])
          ).rowCount
        : 0;
    // One statement for the whole file (thousands of single-row INSERTs take seconds on PGlite); the first line
    // of each text and label wins, and one already stored is skipped.
    const { rowCount: imported } = await tx.query(
      `INSERT INTO training_examples (bot_id, task, text, label, split, source, created_by, updated_by)
       SELECT $1, $2, l.text, l.label, l.split, 'import', $3, $3
       FROM (
         SELECT DISTINCT ON (e->>'text', e->>'label') e->>'text' AS text, e->>'label' AS label, e->>'split' AS split, n
         FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS lines (e, n)
         ORDER BY e->>'text', e->>'label', n
       ) l
       WHERE NOT EXISTS (
         SELECT 1 FROM training_examples t WHERE t.bot_id = $1 AND t.task = $2 AND t.label = l.label AND t.text = l.text
       )
       ORDER BY l.n`,
      [bot.id, input.task, operator.id, JSON.stringify(lines satisfies ExampleLine[])],
    );
    const result = { imported, duplicates: lines.length - imported, removed };
    return {
      result,
      change: { action: 'examples.import', detail: { task: input.task, format: input.format, mode: input.mode, ...result } },
    };
  });
}
