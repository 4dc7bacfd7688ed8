import type { Database } from '../db/database.ts';
import { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { ModelRegistry } from '../models/model-registry.ts';

/**
 * Opens the process's knowledge base on first use, on the USE-lite encoder the bots' models share, so a server
 * whose bots have no documents never loads it. A failed open is retried on the next call.
 */
export function knowledgeOpener(db: Database, models: ModelRegistry): () => Promise<KnowledgeBase> {
  let opening: Promise<KnowledgeBase> | undefined;
  return () => {
    opening ??= models.sharedEncoder({ kind: 'use-lite', cache: false }).then(
      (encoder) => new KnowledgeBase(db, encoder),
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };
}
