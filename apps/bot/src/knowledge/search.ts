import { detectLanguage } from '@parley/model';
import { z } from 'zod';
import type { Database, Queryable } from '../db/database.ts';
import { englishLexemes } from '../db/knowledge-store.ts';
import { nearestKnowledgeChunks } from '../db/knowledge-vector-store.ts';
import { bigramTerms } from './bigram-terms.ts';
import type { BotKnowledgeIndex, IndexedChunk } from './bot-knowledge-index.ts';
import type { KnowledgeIndexCache } from './knowledge-index-cache.ts';
import type { KnowledgePassage, MethodRank } from './knowledge-passage.ts';
import type { ParleyEmbeddings } from './parley-embeddings.ts';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.ts';

/**
 * The fusion constant. Tuned on the dev queries of stackfaq and covidfaq_deepset (bench:knowledge data), from
 * 10, 30 and 60 with dense weights 0.5 to 1.25: k = 10 with equal weights had the best mean hit@5 and MRR
 * (dev hit@5 88.4 / 80.3 against 83.2 / 80.3 at the usual 60), so a method's top places count for more.
 */
export const KNOWLEDGE_RRF_K = 10;

export const knowledgeSearchOptionsSchema = z.object({
  limit: z.number().int().min(1).max(50).default(5),
  /** How deep each method's list goes before fusion. */
  candidates: z.number().int().min(1).max(500).default(50),
  /** 'hybrid' fuses both; the single methods are there to measure and debug them. */
  mode: z.enum(['hybrid', 'dense', 'lexical']).default('hybrid'),
  rrfK: z.number().positive().default(KNOWLEDGE_RRF_K),
});
export type KnowledgeSearchOptions = z.input<typeof knowledgeSearchOptionsSchema>;

export const knowledgeQuerySchema = z.string().trim().min(1).max(2000);

export interface KnowledgeSearchDependencies {
  embeddings: ParleyEmbeddings;
  cache: KnowledgeIndexCache;
}

interface Ranked {
  chunk: IndexedChunk;
  score: number;
  /** Lexical only: the bigram coverage, the Chinese confidence. */
  coverage?: number;
}

/**
 * Hybrid retrieval over a bot's knowledge base, best first. English: dense cosine (USE-lite: pgvector's HNSW
 * index where the database has it, see KnowledgeIndexCache, otherwise exact in process) fused with
 * BM25 over PostgreSQL's English lexemes (its full-text analysis), ranked in process: ts_rank in SQL cost ~15 ms
 * a search at 10k chunks on PGlite (which runs on this thread) against ~0.3 ms, for about the same hit@5. Chinese: character-bigram BM25 only, because USE-lite has no Chinese vocabulary
 * and its vectors for Chinese text carry no meaning (dense alone on CMRC is near chance in bench:knowledge); the
 * dense list is still computed in 'dense' mode, to measure that. Throws on invalid input; see searchKnowledgeSafely for a boundary.
 */
export async function searchKnowledge(
  db: Database,
  deps: KnowledgeSearchDependencies,
  botId: string,
  query: string,
  options: KnowledgeSearchOptions = {},
): Promise<KnowledgePassage[]> {
  const text = knowledgeQuerySchema.parse(query);
  const { limit, candidates, mode, rrfK } = knowledgeSearchOptionsSchema.parse(options);
  const language = detectLanguage(text);
  const index = await deps.cache.get(db, botId);
  if (index.chunks.length === 0) return [];

  const useDense = mode === 'dense' || (mode === 'hybrid' && language === 'en');
  const useLexical = mode !== 'dense';
  const [dense, lexical] = await Promise.all([
    useDense ? denseRanking(db, deps.embeddings, index, botId, text, language, candidates) : [],
    useLexical ? lexicalRanking(db, index, text, language, candidates) : [],
  ]);

  const fused = reciprocalRankFusion(
    [
      { ids: dense.map((hit) => hit.chunk.id), weight: 1 },
      { ids: lexical.map((hit) => hit.chunk.id), weight: 1 },
    ],
    rrfK,
  );
  const denseRank = rankMap(dense);
  const lexicalRank = rankMap(lexical);
  const lexicalMethod = language === 'zh' ? 'bigram' : 'fulltext';
  return fused.slice(0, limit).map(({ id, score }) => {
    const chunk = index.chunk(id)!;
    const d = denseRank.get(id);
    const l = lexicalRank.get(id);
    return {
      chunkId: chunk.id,
      documentId: chunk.documentId,
      title: chunk.title,
      url: chunk.url,
      text: chunk.text,
      language: chunk.language,
      score,
      // A cosine can be negative (an unrelated passage); confidence is a 0..1 match strength.
      confidence: language === 'zh' ? (l?.hit.coverage ?? 0) : Math.max(0, d?.rank.score ?? 0),
      dense: d?.rank ?? null,
      lexical: l ? { ...l.rank, method: lexicalMethod } : null,
    };
  });
}

async function denseRanking(
  db: Database,
  embeddings: ParleyEmbeddings,
  index: BotKnowledgeIndex,
  botId: string,
  text: string,
  language: 'en' | 'zh',
  k: number,
): Promise<Ranked[]> {
  const [vector] = await embeddings.embedVectors([text]);
  if (index.denseSource === 'memory') return index.dense(vector!, language, k);
  const expected = index.denseCount(language);
  if (expected === 0) return [];
  const query = { botId, encoderId: embeddings.encoderId, language, vector: vector!, k };
  // A chunk stored after this index was loaded is left out until the revision check reloads it.
  return (await nearestKnowledgeChunks(db, query, expected)).flatMap(({ chunkId, score }) => {
    const chunk = index.chunk(chunkId);
    return chunk ? [{ chunk, score }] : [];
  });
}

async function lexicalRanking(db: Queryable, index: BotKnowledgeIndex, text: string, language: 'en' | 'zh', k: number): Promise<Ranked[]> {
  const [bm25, terms] = language === 'zh' ? [index.bigrams, bigramTerms(text)] : [index.lexemes, await englishLexemes(db, text)];
  return bm25.search(terms, k).map((hit) => ({ chunk: index.chunks[hit.index]!, score: hit.score, coverage: hit.coverage }));
}

function rankMap(list: readonly Ranked[]): Map<number, { rank: MethodRank; hit: Ranked }> {
  return new Map(list.map((hit, i) => [hit.chunk.id, { rank: { rank: i + 1, score: hit.score }, hit }]));
}
