import type { AppContext } from '../app/context.ts';
import type { Bot } from '../db/bot-store.ts';
import { deleteCuratedExamples, insertImportedExamples } from '../db/example-store.ts';
import type { Operator } from '../db/operator-store.ts';
import type { ExampleFormat, TrainingTask } from '@parley/protocol';
import { writeDomain } from './domain-write.ts';
import { parseExampleFile } from './example-files.ts';

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
    const removed = input.mode === 'replace' ? await deleteCuratedExamples(tx, bot.id, input.task) : 0;
    const imported = await insertImportedExamples(tx, { botId: bot.id, task: input.task, operatorId: operator.id, lines });
    const result = { imported, duplicates: lines.length - imported, removed };
    return {
      result,
      change: { action: 'examples.import', detail: { task: input.task, format: input.format, mode: input.mode, ...result } },
    };
  });
}
