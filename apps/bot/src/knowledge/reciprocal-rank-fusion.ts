/** One ranked list to fuse: ids best first, and how much a place in it counts. */
export interface RankedList<Id> {
  ids: readonly Id[];
  weight: number;
}

/** The usual constant (Cormack et al., 2009): damps the head so one list's top pick does not decide alone. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: score(id) = Σ weight / (k + rank), rank from 1. It needs no score calibration, which
 * is why it suits cosine similarities and ts_rank values that live on different scales. Best first; ties keep
 * the order ids were first seen in.
 */
export function reciprocalRankFusion<Id>(lists: readonly RankedList<Id>[], k = RRF_K): { id: Id; score: number }[] {
  const scores = new Map<Id, number>();
  for (const list of lists) {
    if (list.weight === 0) continue;
    list.ids.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + index + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
