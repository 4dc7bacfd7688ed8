import type { TrainProgress } from '@parley/model';
import type { JobProgress } from './training-protocol.ts';

/**
 * A job's stages, as the console names them (apps/console/src/models/stage-names.ts). The message under a stage says
 * which step of it runs: "English, fit 2/4: epoch 12/40".
 */
export const JOB_STAGES = [
  'queued',
  'starting',
  'validate',
  'embed',
  'train-intent',
  'train-sentiment',
  'calibrate',
  'save',
  'evaluate',
  'evaluate-live',
  'store',
  'done',
] as const;
export type JobStage = (typeof JOB_STAGES)[number];

/** The stages outside the training process sit at fixed places; the work in between shares WORK by expected cost. */
const SPANS = {
  queued: [0, 0],
  starting: [0, 0.02],
  store: [0.98, 0.99],
  done: [1, 1],
} as const satisfies Partial<Record<JobStage, readonly [number, number]>>;
const WORK = [SPANS.starting[1], SPANS.store[0]] as const;

/** A job's progress at `part` (0..1) of a stage outside the training process. */
export function progressAt(stage: keyof typeof SPANS, part: number, message: string | null = null): JobProgress {
  const [from, to] = SPANS[stage];
  return { stage, fraction: from + (to - from) * Math.min(1, Math.max(0, part)), message };
}

const LANGUAGES: Record<string, string> = { en: 'English', zh: 'Chinese' };
const TASKS: Record<string, string> = { intent: 'intents', sentiment: 'sentiment' };

/** train()'s step as the job's stage, and the step in words. */
function describe(progress: TrainProgress): { stage: JobStage; message: string } {
  const task = progress.task === 'all' ? '' : TASKS[progress.task];
  switch (progress.stage) {
    case 'validate':
      return { stage: 'validate', message: 'checking labels and duplicates' };
    case 'embed':
      return { stage: 'embed', message: `embedding texts ${progress.done}/${progress.total}` };
    case 'train': {
      const language = (progress.route && LANGUAGES[progress.route]) ?? 'all';
      const fit = progress.fits && progress.fits > 1 ? `, fit ${progress.fit}/${progress.fits}` : '';
      const epoch = progress.done > 0 ? `: epoch ${progress.done}/${progress.total}` : '';
      return { stage: progress.task === 'sentiment' ? 'train-sentiment' : 'train-intent', message: `${language} ${task}${fit}${epoch}` };
    }
    case 'calibrate':
      return { stage: 'calibrate', message: `${task}: confidence thresholds` };
    case 'evaluate':
      return { stage: 'calibrate', message: `${task}: validation metrics` };
    case 'save':
      return { stage: 'save', message: 'writing the model files' };
  }
}

/**
 * The training process's progress as the job's fraction: train() (its own steps weighed by their expected cost)
 * and then scoring the candidate and the live model, in the same cost units, share WORK in proportion, so the bar
 * moves with the time spent. The fraction never goes back, and reaches WORK's end only when all is scored.
 */
export class JobMeter {
  #train: { done: number; total: number } | undefined;
  #scored = 0;
  #fraction: number = WORK[0];

  /** `scoringCost`: what scoring after train() will cost in all, in train()'s cost units (see scoringCost). */
  constructor(
    private readonly scoringCost: number,
    private readonly send: (progress: JobProgress) => void,
  ) {}

  /** train()'s progress. */
  trained(progress: TrainProgress): void {
    if (progress.overall) this.#train = progress.overall;
    const { stage, message } = describe(progress);
    this.#send(stage, message);
  }

  /** Scoring progress: `cost` more done (0 to announce a step). */
  scored(cost: number, stage: 'evaluate' | 'evaluate-live', message: string): void {
    this.#scored = Math.min(this.scoringCost, this.#scored + cost);
    this.#send(stage, message);
  }

  #send(stage: JobStage, message: string): void {
    const train = this.#train ?? { done: 0, total: 0 };
    const total = train.total + this.scoringCost;
    // Until train() has planned its work, the bar stays at the start of WORK.
    const part = this.#train && total > 0 ? (train.done + this.#scored) / total : 0;
    this.#fraction = Math.max(this.#fraction, WORK[0] + (WORK[1] - WORK[0]) * Math.min(1, part));
    this.send({ stage, fraction: this.#fraction, message });
  }
}

/** What classifying a text costs after training, in train()'s cost units: encoding (cached or not), heads, the engine. */
export const SCORE_TEXT_COST = 1;
