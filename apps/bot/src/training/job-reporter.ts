import type { TrainingJobStatus, TrainingProgressEvent } from '@parley/protocol';
import { LIMITS } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Publisher } from '../realtime/publisher.ts';
import { saveTrainingJobProgress } from '../db/training-job-store.ts';
import type { JobProgress } from './training-protocol.ts';
import { TrailingThrottle } from './trailing-throttle.ts';

/** Operators see a few updates a second; the database gets one a second. Stage changes and the end go out at once. */
const EVENT_INTERVAL_MS = 250;
const SAVE_INTERVAL_MS = 1_000;

export interface ReportedJob {
  id: string;
  botId: string;
  workspaceId: string;
}

const clip = (text: string | null): string | undefined => text?.trim().slice(0, LIMITS.errorMessage) || undefined;

/**
 * One job's progress on its way out: never going backwards, throttled, stored while the job runs and sent as
 * `training:progress` to every operator of the workspace.
 */
export class JobReporter {
  #progress: JobProgress;
  #writes: Promise<void> = Promise.resolve();
  readonly #events: TrailingThrottle<TrainingProgressEvent>;
  readonly #saves: TrailingThrottle<JobProgress>;

  constructor(
    private readonly job: ReportedJob,
    initial: JobProgress,
    private readonly deps: { db: Database; publisher: Pick<Publisher, 'trainingProgress'>; logger: Logger },
  ) {
    this.#progress = initial;
    this.#events = new TrailingThrottle(EVENT_INTERVAL_MS, (event) => deps.publisher.trainingProgress(job.workspaceId, event));
    this.#saves = new TrailingThrottle(SAVE_INTERVAL_MS, (progress) => {
      this.#writes = this.#writes
        .then(() => saveTrainingJobProgress(deps.db, job.id, progress))
        .catch((err: unknown) => deps.logger.warn({ err, jobId: job.id }, 'storing training progress failed'));
    });
  }

  get progress(): JobProgress {
    return this.#progress;
  }

  /** Progress of a running job. */
  update(next: JobProgress): void {
    const stageChanged = next.stage !== this.#progress.stage;
    this.#progress = { ...next, fraction: Math.max(this.#progress.fraction, next.fraction) };
    this.#events.push(this.#event('running'), stageChanged);
    this.#saves.push(this.#progress, stageChanged);
  }

  /** Sends a state the caller has stored itself (queued, the end; after settled()), at once. */
  announce(status: TrainingJobStatus, progress: JobProgress, extra: { candidateVersion?: string } = {}): void {
    this.#events.cancel();
    this.#saves.cancel();
    this.#progress = { ...progress, fraction: Math.max(this.#progress.fraction, progress.fraction) };
    this.deps.publisher.trainingProgress(this.job.workspaceId, { ...this.#event(status), ...extra });
  }

  /** Waits for progress writes in flight: a final state must be written after them. */
  async settled(): Promise<void> {
    this.#saves.cancel();
    this.#events.cancel();
    await this.#writes;
  }

  #event(status: TrainingJobStatus): TrainingProgressEvent {
    const message = clip(this.#progress.message);
    return {
      jobId: this.job.id,
      botId: this.job.botId,
      status,
      stage: this.#progress.stage,
      fraction: this.#progress.fraction,
      ...(message && { message }),
    };
  }
}
