import type { TaskModel } from './artifact-schema.ts';
import type { IntentPrediction, LabelScore, SentimentPrediction } from './types.ts';

const TOP = 5;

/** Labels with their calibrated probabilities, best first. */
export function ranked(labels: readonly string[], probabilities: ArrayLike<number>): LabelScore[] {
  return labels.map((label, i) => ({ label, confidence: probabilities[i]! })).sort((a, b) => b.confidence - a.confidence);
}

/** The explicit out-of-scope label, or a confidence under the tuned threshold. */
export function isOutOfScope(task: Pick<TaskModel, 'oosLabel' | 'oosThreshold'>, label: string, confidence: number): boolean {
  return label === task.oosLabel || confidence < task.oosThreshold;
}

export function intentPrediction(
  task: Pick<TaskModel, 'oosLabel' | 'oosThreshold'>,
  labels: readonly string[],
  probabilities: ArrayLike<number>,
): IntentPrediction {
  const top = ranked(labels, probabilities).slice(0, TOP);
  const best = top[0]!;
  return {
    label: best.label,
    confidence: best.confidence,
    top,
    outOfScope: isOutOfScope(task, best.label, best.confidence),
  };
}

export function sentimentPrediction(labels: readonly string[], probabilities: ArrayLike<number>): SentimentPrediction {
  const [best] = ranked(labels, probabilities);
  return { label: best!.label, score: best!.confidence, probabilities: Object.fromEntries(labels.map((l, i) => [l, probabilities[i]!])) };
}
