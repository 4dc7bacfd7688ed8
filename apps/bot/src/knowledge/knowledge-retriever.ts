import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Database } from '../db/database.ts';
import type { KnowledgePassage } from './knowledge-passage.ts';
import { searchKnowledge, type KnowledgeSearchDependencies, type KnowledgeSearchOptions } from './search.ts';

/** What a retrieved Document carries besides its text: enough to cite it and to show why it was picked. */
export interface KnowledgeDocumentMetadata {
  documentId: string;
  chunkId: number;
  title: string;
  url: string | null;
  /** Fused rank score. */
  score: number;
  confidence: number;
  language: KnowledgePassage['language'];
  dense: KnowledgePassage['dense'];
  lexical: KnowledgePassage['lexical'];
}

export interface KnowledgeRetrieverInput extends BaseRetrieverInput, KnowledgeSearchDependencies {
  db: Database;
  botId: string;
  search?: KnowledgeSearchOptions;
}

export const passageToDocument = (passage: KnowledgePassage): Document<KnowledgeDocumentMetadata> =>
  new Document({
    pageContent: passage.text,
    id: String(passage.chunkId),
    metadata: {
      documentId: passage.documentId,
      chunkId: passage.chunkId,
      title: passage.title,
      url: passage.url,
      score: passage.score,
      confidence: passage.confidence,
      language: passage.language,
      dense: passage.dense,
      lexical: passage.lexical,
    },
  });

/** A bot's knowledge base as a LangChain retriever, so chains use it like any other. */
export class KnowledgeRetriever extends BaseRetriever<KnowledgeDocumentMetadata> {
  lc_namespace = ['parley', 'knowledge'];
  readonly #input: KnowledgeRetrieverInput;

  constructor(input: KnowledgeRetrieverInput) {
    super(input);
    this.#input = input;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<KnowledgeDocumentMetadata>[]> {
    const { db, botId, search, embeddings, cache } = this.#input;
    const passages = await searchKnowledge(db, { embeddings, cache }, botId, query, search);
    return passages.map(passageToDocument);
  }
}
