import { extractiveAnswer } from '../../src/knowledge/extractive-answer.ts';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { percentile } from './retrieval-metrics.ts';

export interface SearchTiming {
  /** The first search after the bot's chunks changed: it loads the bot's index. */
  loadMs: number;
  searchP50: number;
  searchP95: number;
  /** What extractiveAnswer adds to a search. */
  extractiveP95: number;
  /** Search and extractive answer together: what a bot turn that consults the knowledge base waits for. */
  turnP95: number;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Hybrid searches (query embedding included) of `count` questions, cycling through `queries`, on a loaded index. */
export async function searchLatency(kb: KnowledgeBase, botId: string, queries: readonly string[], count: number): Promise<SearchTiming> {
  kb.cache.invalidate(botId);
  const loading = performance.now();
  await kb.search(botId, queries[0]!);
  const loadMs = performance.now() - loading;
  const search: number[] = [];
  const extractive: number[] = [];
  const turn: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const passages = await kb.search(botId, queries[i % queries.length]!);
    const searched = performance.now();
    extractiveAnswer(passages);
    const answered = performance.now();
    search.push(searched - started);
    extractive.push(answered - searched);
    turn.push(answered - started);
  }
  return {
    loadMs: round(loadMs),
    searchP50: round(percentile(search, 50)),
    searchP95: round(percentile(search, 95)),
    extractiveP95: round(percentile(extractive, 95)),
    turnP95: round(percentile(turn, 95)),
  };
}
