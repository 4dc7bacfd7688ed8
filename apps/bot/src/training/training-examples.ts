import type { Example } from '@parley/model';
import type { Queryable } from '../db/database.ts';
import type { ExampleSplit, TrainingTask } from '../domain/domain-schemas.ts';

/**
 * A bot's examples of one task and split, sorted, so that the same examples always train the same model (for a
 * seed) and the same held-out set scores every candidate.
 */
export async function listTrainingExamples(db: Queryable, botId: string, task: TrainingTask, split: ExampleSplit): Promise<Example[]> {
  const { rows } = await db.query<Example>(
    'SELECT text, label FROM training_examples WHERE bot_id = $1 AND task = $2 AND split = $3 ORDER BY text COLLATE "C", label',
    [botId, task, split],
  );
  return rows;
}
