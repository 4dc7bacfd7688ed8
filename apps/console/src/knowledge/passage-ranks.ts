import type { KnowledgePassageInfo } from '@parley/protocol';

/** "#2 (0.734)": where one search method placed a passage, or a dash when it was not in that method's top. */
export function rankText(rank: { rank: number; score: number } | null): string {
  return rank ? `#${rank.rank} (${rank.score.toFixed(3)})` : '—';
}

/** English full text or Chinese bigrams: the lexical search that ran on the question's language. */
export function lexicalLabel(passage: Pick<KnowledgePassageInfo, 'lexical' | 'language'>): string {
  const method = passage.lexical?.method ?? (passage.language === 'zh' ? 'bigram' : 'fulltext');
  return method === 'bigram' ? 'Bigram' : 'Full text';
}
