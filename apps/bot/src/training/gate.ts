import { GATE_MEASURES, MAX_MACRO_F1_DROP, type GateMeasure, type GateMeasureVerdict, type StoredGateVerdict } from '@parley/protocol';

// The gate's measures (GATE_MEASURES), its verdict's shape and MAX_MACRO_F1_DROP are part of the REST contract
// (@parley/protocol, model-reports.ts): the verdict is stored in every report and shown as is.

export interface GateRule {
  /** How the reason names it. */
  label: string;
  higherIsBetter: boolean;
  /** The most the candidate may be worse than live, as a fraction (0.01 = one point). */
  tolerance: number;
  /** On fewer examples the measure is reported but not compared: its sampling noise would exceed its tolerance. */
  minExamples: number;
  /**
   * A share of messages (a proportion). Its sampling noise depends on where it sits, not only on how many messages
   * it counts, so the tolerance widens to two standard errors of the difference where that is larger (noiseOf).
   */
  proportion?: boolean;
}

/**
 * The tolerance table (also in apps/bot/README.md, "Gate"). On the demo (1,104 held-out intent examples, 213
 * sentiment, 465 out-of-scope messages) three seeds of the same data moved every measure by under 1 pt, so each
 * tolerance sits above retraining noise and below the harm it guards against. Why each number:
 * - intent macro-F1, −1 pt, any size: the gate as it always was, so candidates judged before judge the same.
 * - sentiment macro-F1, −2 pt, 30+ examples: sentiment sets are small and three-way labels noisy at the neutral
 *   border, and sentiment only decides the negative-sentiment handoff, a smaller harm than a wrong answer.
 * - out-of-scope false accepts, +3 pt, 100+ messages: the built-in probe (425) plus the bot's held-out `oos`
 *   examples, so 3 pt is a dozen messages answered that should not be; the demo without its background negatives
 *   answers 29% of them instead of under 1%.
 * - answered correctly, −2 pt, 30+ messages: what customers see; looser than macro-F1 because it also moves when
 *   confidences shift across the bot's answer threshold (an answer becoming a clarifying question), which is
 *   milder for a customer than a wrong answer.
 * - ECE, +3 pt, 200+ examples: the answer and clarify thresholds read the confidence as a probability; the heads
 *   are calibrated to ~3% ECE, so +3 pt doubles the miscalibration. A 15-bin ECE on fewer examples is mostly
 *   noise (4–18% for three models on the tests' 13 examples).
 * Below its minimum a measure is reported but not compared: its sampling noise would exceed its tolerance.
 * The two shares also widen their tolerance to two standard errors of the difference when that is larger: a model
 * that answers 20% of the probe (a tiny domain) moves by 3 pt between two trainings of the same data, on another
 * CPU even between two runs of the same code, while the demo's 1% moves by well under one.
 */
export const GATE_RULES: Record<GateMeasure, GateRule> = {
  intentMacroF1: { label: 'intent macro-F1', higherIsBetter: true, tolerance: MAX_MACRO_F1_DROP, minExamples: 1 },
  sentimentMacroF1: { label: 'sentiment macro-F1', higherIsBetter: true, tolerance: 0.02, minExamples: 30 },
  falseAcceptRate: { label: 'out-of-scope false-accept rate', higherIsBetter: false, tolerance: 0.03, minExamples: 100, proportion: true },
  answeredCorrectly: { label: 'share answered correctly', higherIsBetter: true, tolerance: 0.02, minExamples: 30, proportion: true },
  intentEce: { label: 'intent ECE', higherIsBetter: false, tolerance: 0.03, minExamples: 200 },
};

/** One measure of one model, and how many examples (messages) it was taken on; null examples: not recorded. */
export interface Measured {
  value: number;
  examples: number | null;
}

/** A model's measures; null where it was not measured. */
export type GateScores = { version: string } & Record<GateMeasure, Measured | null>;

/** A verdict the gate gives now: every measure listed (a stored report's may lack them). */
export type GateVerdict = Required<StoredGateVerdict>;

// Rounded so that float noise (0.0100000001) cannot fail a drop of exactly the tolerance.
const rounded = (x: number): number => Math.round(x * 1e9) / 1e9;
const fixed = (x: number): string => x.toFixed(3);

function judge(measure: GateMeasure, candidate: Measured | null, live: Measured | null, note: string | undefined): GateMeasureVerdict {
  const rule = GATE_RULES[measure];
  const row = {
    measure,
    higherIsBetter: rule.higherIsBetter,
    candidate: candidate?.value ?? null,
    live: live?.value ?? null,
    tolerance: rule.tolerance,
    examples: candidate?.examples ?? live?.examples ?? null,
  };
  const notCompared = (why: string): GateMeasureVerdict => ({ ...row, delta: null, verdict: 'not-compared', note: why });
  if (note !== undefined) return notCompared(note);
  if (!candidate) return notCompared('not measured on the candidate');
  if (!live) return notCompared('not measured on the live model');
  if (candidate.examples === null && rule.minExamples > 1) return notCompared('how many examples it was measured on is not recorded');
  if (candidate.examples !== null && candidate.examples < rule.minExamples)
    return notCompared(`measured on ${candidate.examples} examples; comparing needs ${rule.minExamples}`);
  const delta = rounded(candidate.value - live.value);
  const worse = rule.higherIsBetter ? -delta : delta;
  const tolerance =
    rule.proportion && candidate.examples
      ? rounded(Math.max(rule.tolerance, noiseOf(candidate.value, live.value, candidate.examples)))
      : rule.tolerance;
  return { ...row, tolerance, delta, verdict: worse > tolerance ? 'fail' : 'pass', note: null };
}

/**
 * Two standard errors of the difference of two shares taken on `n` messages each, as if independent: the two
 * models are scored on the same messages, so this errs towards letting noise pass, never towards failing on it.
 */
export const noiseOf = (a: number, b: number, n: number): number => 2 * Math.sqrt((a * (1 - a) + b * (1 - b)) / n);

function describeFailure(row: GateMeasureVerdict): string {
  const rule = GATE_RULES[row.measure];
  const worse = rule.higherIsBetter ? 'a drop' : 'a rise';
  const by = Math.abs(row.delta!);
  return `${rule.label} ${fixed(row.candidate!)} against ${fixed(row.live!)}: ${worse} of ${fixed(by)}, more than the allowed ${row.tolerance}`;
}

/**
 * The promotion gate: the candidate may be promoted when no measure compared is worse than the live model's by
 * more than its tolerance (GATE_RULES). `unmeasured` says why a measure was not taken, for the report.
 */
export function gateVerdict(
  candidate: GateScores,
  live: GateScores | null,
  unmeasured: Partial<Record<GateMeasure, string>> = {},
): GateVerdict {
  const base = { maxMacroF1Drop: MAX_MACRO_F1_DROP } as const;
  if (!live) {
    const measures = GATE_MEASURES.map((m) => judge(m, candidate[m], null, 'there is no live model'));
    return { ...base, passed: true, macroF1Drop: 0, reason: 'there is no live model to compare with', measures };
  }
  const measures = GATE_MEASURES.map((m) => judge(m, candidate[m], live[m], unmeasured[m]));
  const failed = measures.filter((row) => row.verdict === 'fail');
  const names = (verdict: GateMeasureVerdict['verdict']) =>
    measures.filter((row) => row.verdict === verdict).map((row) => GATE_RULES[row.measure].label + (row.note ? ` (${row.note})` : ''));
  const versions = `candidate ${candidate.version} against live ${live.version}`;
  const skipped = names('not-compared');
  const macroF1Drop = candidate.intentMacroF1 && live.intentMacroF1 ? rounded(live.intentMacroF1.value - candidate.intentMacroF1.value) : 0;
  return {
    ...base,
    passed: failed.length === 0,
    macroF1Drop,
    reason:
      failed.length > 0
        ? `${versions}: ${failed.map(describeFailure).join('; ')}`
        : `${versions}: within the tolerance on ${names('pass').join(', ')}${skipped.length > 0 ? `; not compared: ${skipped.join(', ')}` : ''}`,
    measures,
  };
}
