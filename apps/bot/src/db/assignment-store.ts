import type { Queryable } from './database.ts';

/**
 * Releases the conversation's current assignment, if any, and assigns it to `operatorId` (none for null),
 * inside the caller's transaction.
 */
export async function reassignConversation(tx: Queryable, conversationId: string, operatorId: string | null): Promise<void> {
  await tx.query('UPDATE assignments SET released_at = now() WHERE conversation_id = $1 AND released_at IS NULL', [conversationId]);
  if (operatorId) await tx.query('INSERT INTO assignments (conversation_id, operator_id) VALUES ($1, $2)', [conversationId, operatorId]);
}
