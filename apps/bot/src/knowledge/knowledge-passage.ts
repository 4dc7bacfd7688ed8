import type { ChunkLanguage } from '../db/knowledge-store.ts';

/** Where one retrieval method placed a passage: shown in the console to tell a retrieval miss from a bad answer. */
export interface MethodRank {
  /** 1 = that method's best. */
  rank: number;
  /** Dense: cosine similarity. Full text (English lexemes) and bigram (Chinese): BM25. */
  score: number;
}

export interface KnowledgePassage {
  chunkId: number;
  documentId: string;
  title: string;
  url: string | null;
  text: string;
  language: ChunkLanguage;
  /** The fused (reciprocal rank) score that orders the results. */
  score: number;
  /**
   * How well the passage matches, 0..1, comparable across queries (unlike the fused score): the cosine for
   * English, the share of the question's bigrams present for Chinese. The extractive answer's threshold uses it.
   */
  confidence: number;
  dense: MethodRank | null;
  lexical: (MethodRank & { method: 'fulltext' | 'bigram' }) | null;
}
