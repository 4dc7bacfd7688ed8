import type { Queryable } from '../db/database.ts';
import { deleteKnowledgeDocument } from '../db/knowledge-store.ts';

/** Removes a document and its chunks from a bot's knowledge base; false when it was not there. */
export async function removeKnowledgeDocument(
  db: Queryable,
  botId: string,
  documentId: string,
  onChange?: (botId: string) => void,
): Promise<boolean> {
  const deleted = await deleteKnowledgeDocument(db, botId, documentId);
  if (deleted) onChange?.(botId);
  return deleted;
}
