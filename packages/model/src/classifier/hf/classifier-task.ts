import type { Logger } from '../../runtime/logger.ts';
import type { TaskModel } from '../artifact-schema.ts';
import { computeMetrics } from '../metrics.ts';
import { isOutOfScope, ranked } from '../predictions.ts';
import { tuneOosThreshold } from '../training/oos-threshold.ts';
import { stratifiedSplit } from '../training/stratified-split.ts';
import type { EvaluationReport, Example, TaskName } from '../types.ts';
import { hfClassifierOptionsSchema, hfClassifierSpecSchema, type HfClassifierOptions } from './hf-classifier-spec.ts';
import { openHfClassifier } from './hf-classifier.ts';

const VALIDATION_FRACTION = 0.1;
const OOS_LABEL = 'oos';

export interface ClassifierTaskResult {
  model: TaskModel;
  /** Held-out metrics; absent when there were no examples to measure on (a zero-shot bot's first model). */
  report?: EvaluationReport;
  trainExamples: number;
  validationExamples: number;
}

/**
 * A task served by a Hugging Face classifier, made the way train() makes a head's: nothing is trained, but the
 * examples are split as for heads, the out-of-scope threshold is tuned on the classifier's predictions for the
 * larger part and the metrics are measured on the held-out part, so the bot's gate compares it with a trained model
 * on equal terms. A zero-shot task needs no examples at all; it then gets no threshold and no metrics.
 */
export async function classifierTask(
  task: TaskName,
  examples: readonly Example[],
  options: { classifier: HfClassifierOptions; validation?: readonly Example[] | undefined; seed: number; logger: Logger },
): Promise<ClassifierTaskResult> {
  const parsed = hfClassifierOptionsSchema.parse(options.classifier);
  const classifier = await openHfClassifier(parsed, options.logger);
  try {
    const labels = [...classifier.labels];
    const oosLabel = task === 'intent' && (labels.includes(OOS_LABEL) || examples.some((e) => e.label === OOS_LABEL)) ? OOS_LABEL : null;
    const known = new Set(oosLabel === null ? labels : [...labels, oosLabel]);
    const unknown = [...new Set([...examples, ...(options.validation ?? [])].map((e) => e.label))].filter((label) => !known.has(label));
    if (unknown.length > 0) {
      throw new Error(`the ${task} classifier ${classifier.id} has no label ${unknown.join(', ')} (its labels: ${labels.join(', ')})`);
    }
    // The spec without where it ran (device, threads): the artifact records what, not where.
    const spec = hfClassifierSpecSchema.parse(parsed);
    const model: TaskModel = { labels, routes: {}, oosLabel, oosThreshold: 0, backend: { id: classifier.id, classifier: spec } };

    let tune: readonly Example[] = examples;
    let validation: readonly Example[] = options.validation ?? [];
    if (!options.validation && examples.length > 0) {
      const split = stratifiedSplit(
        examples.map((e) => e.label),
        VALIDATION_FRACTION,
        options.seed,
      );
      tune = split.train.map((i) => examples[i]!);
      validation = split.validation.map((i) => examples[i]!);
    }
    const predict = async (set: readonly Example[]) =>
      (await classifier.probabilities(set.map((e) => e.text))).map((p, i) => {
        const [top] = ranked(labels, p);
        return { gold: set[i]!.label, predicted: top!.label, confidence: top!.confidence };
      });

    if (task === 'intent' && tune.length > 0) {
      model.oosThreshold = tuneOosThreshold(
        (await predict(tune)).map((p) => ({
          correct: p.predicted === p.gold,
          inScope: p.gold !== oosLabel,
          predictedOutOfScope: p.predicted === oosLabel,
          confidence: p.confidence,
        })),
      );
    }
    const result: ClassifierTaskResult = { model, trainExamples: tune.length, validationExamples: validation.length };
    if (validation.length === 0) return result;
    const held = await predict(validation);
    result.report = computeMetrics({
      gold: held.map((p) => p.gold),
      predicted: held.map((p) => p.predicted),
      confidence: held.map((p) => p.confidence),
      predictedOutOfScope: held.map((p) => isOutOfScope(model, p.predicted, p.confidence)),
      labels,
      oosLabel,
    });
    return result;
  } finally {
    await classifier.close();
  }
}
