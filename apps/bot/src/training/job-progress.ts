import type { TrainProgress } from '@parley/model';
import type { JobProgress } from './training-protocol.ts';

/** Where each stage of a job sits in its overall fraction: embedding dominates a cold run, head training a warm one. */
const SPANS = {
  queued: [0, 0],
  starting: [0.01, 0.02],
  validate: [0.02, 0.05],
  embed: [0.05, 0.5],
  'train-intent': [0.5, 0.75],
  'train-sentiment': [0.75, 0.83],
  save: [0.83, 0.85],
  evaluate: [0.85, 0.97],
  store: [0.98, 0.98],
  done: [1, 1],
} as const satisfies Record<string, readonly [number, number]>;

export type JobStage = keyof typeof SPANS;

/** A job's progress at `part` (0..1) of `stage`. */
export function progressAt(stage: JobStage, part: number, message: string | null = null): JobProgress {
  const [from, to] = SPANS[stage];
  return { stage, fraction: from + (to - from) * Math.min(1, Math.max(0, part)), message };
}

/** train()'s progress as the job's: a head's epochs fill most of its span, calibration and validation the rest. */
export function fromTrainProgress(progress: TrainProgress): JobProgress {
  const part = progress.total > 0 ? progress.done / progress.total : 1;
  if (progress.task === 'all') {
    const stage = progress.stage === 'embed' ? 'embed' : progress.stage === 'save' ? 'save' : 'validate';
    return progressAt(stage, part, stage === 'embed' ? `embedding ${progress.done}/${progress.total} texts` : null);
  }
  const stage = progress.task === 'intent' ? 'train-intent' : 'train-sentiment';
  if (progress.stage !== 'train') return progressAt(stage, 0.9 + 0.1 * part, `${progress.task}: ${progress.stage}`);
  return progressAt(
    stage,
    0.9 * part,
    `${progress.task}${progress.message ? `, ${progress.message}` : ''}: epoch ${progress.done}/${progress.total}`,
  );
}
