/** How far a candidate's held-out intent macro-F1 may fall below the live model's and still be promoted. */
export const MAX_MACRO_F1_DROP = 0.01;

export interface GateVerdict {
  passed: boolean;
  maxMacroF1Drop: typeof MAX_MACRO_F1_DROP;
  /** Live minus candidate; negative when the candidate is better. 0 without a live model. */
  macroF1Drop: number;
  reason: string;
}

const points = (f1: number): string => f1.toFixed(3);

/** The promotion gate on two macro-F1s measured on the same held-out examples. */
export function gateVerdict(
  candidate: { version: string; macroF1: number },
  live: { version: string; macroF1: number } | null,
): GateVerdict {
  if (!live) return { passed: true, maxMacroF1Drop: MAX_MACRO_F1_DROP, macroF1Drop: 0, reason: 'there is no live model to compare with' };
  // Rounded so that float noise (0.0100000001) cannot fail a drop of exactly one point.
  const drop = Math.round((live.macroF1 - candidate.macroF1) * 1e9) / 1e9;
  const passed = drop <= MAX_MACRO_F1_DROP;
  const comparison = `candidate ${candidate.version} has macro-F1 ${points(candidate.macroF1)}, live ${live.version} ${points(live.macroF1)}`;
  return {
    passed,
    maxMacroF1Drop: MAX_MACRO_F1_DROP,
    macroF1Drop: drop,
    reason: passed
      ? `${comparison}: within the allowed drop of ${MAX_MACRO_F1_DROP}`
      : `${comparison}: a drop of ${points(drop)}, more than the allowed ${MAX_MACRO_F1_DROP}`,
  };
}
