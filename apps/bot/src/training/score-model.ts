import { computeMetrics, type Classification, type Example, type Model, type TaskName } from '@parley/model';
import type { Scores } from './scores.ts';

/** Texts per classify call: bounds the embeddings held at once. */
const CHUNK = 256;

/** What a model said about one text for one task; a model without the task predicts nothing, an error. */
const NO_PREDICTION = { label: '', confidence: 0, outOfScope: false };

function prediction(classification: Classification, task: TaskName): typeof NO_PREDICTION {
  if (task === 'intent' && classification.intent) return classification.intent;
  if (task === 'sentiment' && classification.sentiment)
    return { label: classification.sentiment.label, confidence: classification.sentiment.score, outOfScope: false };
  return NO_PREDICTION;
}

/**
 * Scores `model` on held-out examples. Unlike evaluate() from @parley/model, gold labels the model cannot predict
 * (an intent added since it was trained) are allowed: they simply count as errors, which is what they are.
 */
export async function scoreModel(model: Model, version: string, examples: readonly Example[], task: TaskName): Promise<Scores> {
  const taskModel = model.artifact.tasks[task];
  const oosLabel = task === 'intent' ? (taskModel?.oosLabel ?? null) : null;
  const predicted: string[] = [];
  const confidence: number[] = [];
  const predictedOutOfScope: boolean[] = [];
  for (let start = 0; start < examples.length; start += CHUNK) {
    const classifications = await model.classify(examples.slice(start, start + CHUNK).map((example) => example.text));
    for (const classification of classifications) {
      const { label, confidence: p, outOfScope } = prediction(classification, task);
      predicted.push(label);
      confidence.push(p);
      predictedOutOfScope.push(outOfScope);
    }
  }
  const report = computeMetrics({
    gold: examples.map((example) => example.label),
    predicted,
    confidence,
    predictedOutOfScope,
    labels: taskModel?.labels ?? [],
    oosLabel,
  });
  return { version, accuracy: report.accuracy, macroF1: report.macroF1, perLabel: report.perLabel, confusion: report.confusion };
}
