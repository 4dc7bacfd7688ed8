export interface RetrievalFigures {
  hit1: number;
  hit5: number;
  /** Mean reciprocal rank of the first relevant document within the first 10. */
  mrr: number;
}

/** Percentages (hit@k) and MRR over queries, from each query's ranked document keys. */
export function retrievalFigures(rankings: readonly { ranked: readonly string[]; relevant: readonly string[] }[]): RetrievalFigures {
  let hit1 = 0;
  let hit5 = 0;
  let mrr = 0;
  for (const { ranked, relevant } of rankings) {
    const at = ranked.slice(0, 10).findIndex((key) => relevant.includes(key));
    if (at === 0) hit1++;
    if (at >= 0 && at < 5) hit5++;
    if (at >= 0) mrr += 1 / (at + 1);
  }
  const n = Math.max(1, rankings.length);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { hit1: round((100 * hit1) / n), hit5: round((100 * hit5) / n), mrr: Math.round((1000 * mrr) / n) / 1000 };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
