/**
 * The out-of-scope threshold on calibrated confidence: the highest threshold that still answers all but
 * `budget` (a fraction) of the in-scope validation examples the model gets right. A higher threshold only
 * catches more out-of-scope messages, so this is the best OOS recall for at most that loss of correct
 * answers, and it needs no OOS examples to tune.
 */
export function tuneOosThreshold(validation: { confidence: number[]; correct: boolean[]; inScope: boolean[] }, budget = 0.01): number {
  const correctInScope = validation.confidence.filter((_, i) => validation.inScope[i] && validation.correct[i]).sort((a, b) => a - b);
  if (correctInScope.length === 0) return 0;
  const inScopeCount = validation.inScope.filter(Boolean).length;
  const allowed = Math.floor(budget * inScopeCount);
  // Rejecting everything below the (allowed+1)-th lowest confidence loses exactly `allowed` correct answers.
  return allowed === 0 ? 0 : correctInScope[Math.min(allowed, correctInScope.length - 1)]!;
}
