import type { Queryable } from './database.ts';

/** The audit row of an operator's correction of a customer message's label: who, when, from → to. */
export async function recordLabelCorrection(
  db: Queryable,
  input: { messageId: string; task: 'intent' | 'sentiment'; from: string | null; to: string; operatorId: string },
): Promise<void> {
  await db.query(`INSERT INTO label_corrections (message_id, task, from_label, to_label, operator_id) VALUES ($1, $2, $3, $4, $5)`, [
    input.messageId,
    input.task,
    input.from,
    input.to,
    input.operatorId,
  ]);
}
