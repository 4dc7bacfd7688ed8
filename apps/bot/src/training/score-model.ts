import { evaluate, type Example, type Model, type TaskName } from '@parley/model';
import type { Scores } from '@parley/protocol';

/**
 * Scores `model` on held-out examples. Gold labels the model cannot predict (an intent added since it was trained)
 * count as its errors, which is what they are when a candidate that knows them is compared with it.
 */
export async function scoreModel(model: Model, version: string, examples: readonly Example[], task: TaskName): Promise<Required<Scores>> {
  const report = await evaluate(model, examples, { task, allowUnknownLabels: true });
  const { accuracy, macroF1, perLabel, confusion, ece } = report;
  return { version, accuracy, macroF1, perLabel, confusion, ece };
}
