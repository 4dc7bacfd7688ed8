/**
 * The k best indexes of `scores` (highest first), skipping those `include` rejects. Hand-written: a linear pass
 * with a small sorted buffer beats sorting every chunk when k is a few dozen and n is tens of thousands.
 */
export function topK(scores: Float32Array | Float64Array, k: number, include: (index: number) => boolean = () => true): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (best.length === k && score <= scores[best[k - 1]!]!) continue;
    if (!include(i)) continue;
    let at = best.length;
    while (at > 0 && scores[best[at - 1]!]! < score) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
