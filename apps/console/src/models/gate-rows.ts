import type { Comparison, GateMeasure, GateMeasureVerdict } from '@parley/protocol';
import { signedPoints } from '../lib/format.ts';

export interface GateRow extends GateMeasureVerdict {
  label: string;
  /** The largest change the gate allows, signed in the measure's worse direction: "−1.0 pt", "+3.0 pt". */
  allowed: string;
}

const LABELS: Record<GateMeasure, string> = {
  intentMacroF1: 'Intent macro-F1',
  sentimentMacroF1: 'Sentiment macro-F1',
  falseAcceptRate: 'Out-of-scope messages answered',
  answeredCorrectly: 'In-scope messages answered correctly',
  intentEce: 'Intent calibration error (ECE)',
};

const row = (verdict: GateMeasureVerdict): GateRow => ({
  ...verdict,
  label: LABELS[verdict.measure] ?? verdict.measure,
  allowed: signedPoints(verdict.higherIsBetter ? -verdict.tolerance : verdict.tolerance),
});

/**
 * The gate's measures, one row each. A report stored before the gate compared more than intent macro-F1 has no
 * `measures`; its one measure is rebuilt from the fields it does have, so old jobs show the same table.
 */
export function gateRows(report: Comparison): GateRow[] {
  const { gate, live } = report;
  if (gate.measures) return gate.measures.map(row);
  return [
    row({
      measure: 'intentMacroF1',
      higherIsBetter: true,
      candidate: report.candidate.macroF1,
      live: live?.macroF1 ?? null,
      delta: live ? report.deltas.macroF1 : null,
      tolerance: gate.maxMacroF1Drop,
      examples: report.heldOut.examples,
      verdict: live ? (gate.passed ? 'pass' : 'fail') : 'not-compared',
      note: live ? null : 'there is no live model',
    }),
  ];
}
