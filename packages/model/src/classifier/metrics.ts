import type { EvaluationReport, PerLabelMetrics } from './types.ts';

export interface MetricsInput {
  gold: readonly string[];
  /** The top label per example. */
  predicted: readonly string[];
  /** Calibrated probability of each top label, in [0, 1]. */
  confidence: readonly number[];
  /** Whether each prediction was flagged out of scope; only counts when `oosLabel` is given. */
  predictedOutOfScope?: readonly boolean[];
  /** Row/column order of the confusion matrix; labels in the data but not listed follow, sorted. */
  labels?: readonly string[];
  /** The gold label of out-of-scope examples, if the data has that notion. */
  oosLabel?: string | null;
}

const ECE_BINS = 15;

/** Zero division counts as 0, as sklearn's zero_division=0 does: a label never predicted has no precision to credit. */
const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

function validate(input: MetricsInput): void {
  const n = input.gold.length;
  if (n === 0) throw new RangeError('computeMetrics needs at least one example');
  const lengths = {
    predicted: input.predicted.length,
    confidence: input.confidence.length,
    predictedOutOfScope: input.predictedOutOfScope?.length ?? n,
  };
  for (const [name, length] of Object.entries(lengths)) {
    if (length !== n) throw new RangeError(`computeMetrics: ${name} has ${length} entries for ${n} gold labels`);
  }
  const bad = input.confidence.findIndex((c) => !(c >= 0 && c <= 1));
  if (bad >= 0) throw new RangeError(`computeMetrics: confidence[${bad}] = ${input.confidence[bad]} is not a probability`);
}

function labelOrder(listed: readonly string[], seen: Iterable<string>): string[] {
  const order = [...new Set(listed)];
  const known = new Set(order);
  const extra = [...new Set(seen)].filter((label) => !known.has(label)).sort();
  return [...order, ...extra];
}

function confusionMatrix(gold: readonly string[], predicted: readonly string[], labels: string[]): EvaluationReport['confusion'] {
  const index = new Map(labels.map((label, i) => [label, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  gold.forEach((g, i) => (matrix[index.get(g)!]![index.get(predicted[i]!)!]! += 1));
  return { labels, matrix };
}

function perLabelMetrics({ labels, matrix }: EvaluationReport['confusion']): Record<string, PerLabelMetrics> {
  return Object.fromEntries(
    labels.map((label, i) => {
      const truePositives = matrix[i]![i]!;
      const support = matrix[i]!.reduce((sum, count) => sum + count, 0);
      const predictedCount = matrix.reduce((sum, row) => sum + row[i]!, 0);
      const precision = ratio(truePositives, predictedCount);
      const recall = ratio(truePositives, support);
      return [label, { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support }];
    }),
  );
}

/** Σ over bins of (bin size / n) · |accuracy − mean confidence| = Σ |correct − Σ confidence| / n. */
function expectedCalibrationError(correct: readonly boolean[], confidence: readonly number[]): number {
  const gap = new Array<number>(ECE_BINS).fill(0);
  confidence.forEach((c, i) => {
    // Bins are [k/15, (k+1)/15), the last one closed so confidence 1 has a bin.
    const bin = Math.min(Math.floor(c * ECE_BINS), ECE_BINS - 1);
    gap[bin]! += (correct[i] ? 1 : 0) - c;
  });
  return gap.reduce((sum, g) => sum + Math.abs(g), 0) / confidence.length;
}

const fractionTrue = (flags: readonly boolean[]): number => ratio(flags.filter(Boolean).length, flags.length);

/**
 * Accuracy, per-label precision/recall/F1, macro F1, confusion matrix and calibration error; with an out-of-scope
 * label, also in-scope accuracy and how well out-of-scope examples are detected.
 */
export function computeMetrics(input: MetricsInput): EvaluationReport {
  validate(input);
  const { gold, predicted, confidence } = input;
  const oos = input.oosLabel ?? null;
  // What a prediction amounts to: with an out-of-scope label, a flagged prediction is that label, so an OOS
  // example is right iff flagged and an in-scope one iff the label is right and it was not flagged.
  const effective = predicted.map((label, i) => (oos !== null && (input.predictedOutOfScope?.[i] === true || label === oos) ? oos : label));
  const correct = gold.map((label, i) => label === effective[i]);
  const confusion = confusionMatrix(gold, effective, labelOrder(input.labels ?? [], [...gold, ...effective]));
  const perLabel = perLabelMetrics(confusion);

  // Macro over labels present in gold (not sklearn's union): a label the data lacks has no recall, and its false
  // positives already cost the gold labels' recall.
  const goldLabels = confusion.labels.filter((label) => perLabel[label]!.support > 0);
  const report: EvaluationReport = {
    examples: gold.length,
    accuracy: fractionTrue(correct),
    macroF1: goldLabels.reduce((sum, label) => sum + perLabel[label]!.f1, 0) / goldLabels.length,
    perLabel,
    confusion,
    // Calibration is about the probability of the predicted label, which the out-of-scope flag does not change.
    ece: expectedCalibrationError(
      gold.map((label, i) => label === predicted[i]),
      confidence,
    ),
  };
  if (oos !== null && perLabel[oos] && perLabel[oos].support > 0) {
    report.inScopeAccuracy = fractionTrue(correct.filter((_, i) => gold[i] !== oos));
    // Detecting OOS is exactly the OOS row and column of the (flag-mapped) confusion matrix.
    report.oos = { precision: perLabel[oos].precision, recall: perLabel[oos].recall };
  }
  return report;
}
