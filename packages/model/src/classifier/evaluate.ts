import type { Model } from './api-types.ts';
import { computeMetrics } from './metrics.ts';
import type { Classification, EvaluationReport, Example, TaskName } from './types.ts';

/** Texts per classify call: bounds the predictions (and embeddings behind them) held at once. */
const CHUNK = 512;
const LISTED_UNKNOWN = 10;

interface Prediction {
  label: string;
  confidence: number;
  outOfScope: boolean;
}

const readPrediction: Record<TaskName, (classification: Classification) => Prediction | undefined> = {
  intent: (c) => c.intent && { label: c.intent.label, confidence: c.intent.confidence, outOfScope: c.intent.outOfScope },
  sentiment: (c) => c.sentiment && { label: c.sentiment.label, confidence: c.sentiment.score, outOfScope: false },
};

/** Refuses gold labels the model cannot predict: they would only read as errors, usually a typo or a stale model. */
function checkLabels(examples: readonly Example[], known: ReadonlySet<string>, task: TaskName): void {
  const unknown = new Map<string, number>();
  for (const { label } of examples) if (!known.has(label)) unknown.set(label, (unknown.get(label) ?? 0) + 1);
  if (unknown.size === 0) return;
  const listed = [...unknown].sort((a, b) => b[1] - a[1]).slice(0, LISTED_UNKNOWN);
  const shown = listed.map(([label, count]) => `${JSON.stringify(label)} (${count})`).join(', ');
  const more = unknown.size > listed.length ? `, and ${unknown.size - listed.length} more` : '';
  throw new Error(`unknown labels at eval: the ${task} model does not know ${shown}${more}`);
}

export interface EvaluateOptions {
  /** Default intent. */
  task?: TaskName;
  /**
   * Score gold labels the model cannot predict as errors instead of refusing them. Right when comparing models
   * trained on different label sets (a live model scored on an intent added since); by default an unknown label is
   * far more often a typo or a stale model, so it is refused.
   */
  allowUnknownLabels?: boolean;
}

/** Classifies held-out examples with `model` and scores the predictions for one task. */
export async function evaluate(model: Model, examples: readonly Example[], options: EvaluateOptions = {}): Promise<EvaluationReport> {
  const task = options.task ?? 'intent';
  const taskModel = model.artifact.tasks[task];
  if (!taskModel) {
    const has = Object.keys(model.artifact.tasks).filter((name) => model.artifact.tasks[name as TaskName]);
    throw new Error(`cannot evaluate ${task}: the model has no ${task} task (it has: ${has.join(', ') || 'none'})`);
  }
  // Only intent models flag out-of-scope; sentiment has no such notion.
  const oosLabel = task === 'intent' ? taskModel.oosLabel : null;
  if (!options.allowUnknownLabels)
    checkLabels(examples, new Set(oosLabel === null ? taskModel.labels : [...taskModel.labels, oosLabel]), task);

  const predicted: string[] = [];
  const confidence: number[] = [];
  const predictedOutOfScope: boolean[] = [];
  for (let start = 0; start < examples.length; start += CHUNK) {
    const texts = examples.slice(start, start + CHUNK).map((example) => example.text);
    const classifications = await model.classify(texts);
    if (classifications.length !== texts.length) {
      throw new Error(`model.classify returned ${classifications.length} results for ${texts.length} texts`);
    }
    classifications.forEach((classification, i) => {
      const prediction = readPrediction[task](classification);
      if (!prediction) throw new Error(`the model returned no ${task} prediction for example ${start + i}`);
      predicted.push(prediction.label);
      confidence.push(prediction.confidence);
      predictedOutOfScope.push(prediction.outOfScope);
    });
  }
  return computeMetrics({
    gold: examples.map((example) => example.label),
    predicted,
    confidence,
    predictedOutOfScope,
    labels: taskModel.labels,
    oosLabel,
  });
}
