import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { conflict } from '../conversation/action-error.ts';
import { findBot, type Bot } from '../db/bot-store.ts';
import type { Database } from '../db/database.ts';
import { describeCause } from '../db/errors.ts';
import type { Json } from '../db/message.ts';
import { addModelVersion, findModelVersion } from '../db/model-version-store.ts';
import type { Publisher } from '../realtime/publisher.ts';
import { buildComparison } from './comparison.ts';
import { JobReporter } from './job-reporter.ts';
import { progressAt } from './job-progress.ts';
import { loadTrainingData } from './training-data.ts';
import { TrainingFailure } from './training-failure.ts';
import type { TrainingProgressEvent } from '@parley/protocol';
import { InProcessQueue } from '../queue/in-process-queue.ts';
import type { RunningJob, TrainingJobData, WorkQueue } from '../queue/work-queue.ts';
import {
  failUnfinishedTrainingJob,
  failUnfinishedTrainingJobs,
  findTrainingJob,
  insertTrainingJob,
  markTrainingJobFailed,
  markTrainingJobRunning,
  markTrainingJobSucceeded,
  ONE_ACTIVE_JOB_INDEX,
  type TrainingJobRecord,
  unfinishedTrainingJobs,
} from '../db/training-job-store.ts';
import { embeddingCache, scratchModelDir } from './training-paths.ts';
import { startTrainingProcess, type TrainingProcess } from './training-process.ts';
import { isUniqueViolation } from './unique-violation.ts';

export const SERVER_STOPPED = 'the server stopped during training';
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
/** A job stored less than this long ago may not be on the queue yet (start() stores, then enqueues): the sweep leaves it. */
const ENQUEUE_GRACE_MS = 60_000;

/** Why the queue gave up on a job, as operators read it. */
const queueFailure = (reason: string): string =>
  /stalled/.test(reason)
    ? 'the training worker stopped during this job more than once; start the training again'
    : `training failed: ${reason}`;

/** What a running job relays: the event for the operators of a workspace. */
interface RelayedProgress {
  workspaceId: string;
  event: TrainingProgressEvent;
}
const isRelayedProgress = (value: unknown): value is RelayedProgress =>
  typeof value === 'object' && value !== null && 'workspaceId' in value && 'event' in value;

export interface TrainingJobsDeps {
  db: Database;
  /** Tells operators; absent in a process without operator sockets (worker.ts), which leaves that to the web nodes. */
  publisher?: Pick<Publisher, 'trainingProgress'>;
  logger: Logger;
  /** The training queue; by default one of this process alone (today's single server). */
  queue?: WorkQueue<TrainingJobData>;
  /** Whether this process trains (PARLEY_WORKERS); a web-only node only enqueues. Default: yes. */
  work?: boolean;
  /**
   * Emits progress relayed by the queue to this process's own operator sockets. With a shared queue every node
   * receives every job's progress and emits it locally, so each operator gets each event once; default:
   * publisher.trainingProgress.
   */
  emitLocal?: (workspaceId: string, event: TrainingProgressEvent) => void;
}

export interface TrainingJobsOptions {
  /** Candidates go to `<dataDir>/models/<botId>/<version>`, the shared embedding cache to `<dataDir>/cache/`. */
  dataDir: string;
  /** Longest a job may train before it is stopped and failed; 30 minutes by default. */
  timeoutMs?: number;
  /** Same seed and examples, same model. */
  seed?: number;
}

/**
 * Retraining: jobs are stored, then queued, and train one at a time per worker, each in a child process, while
 * progress goes to the database and to the workspace's operators (relayed by the queue from whichever process
 * trains). A job ends with a candidate model version and its comparison with the live model, or failed with a
 * reason; either way the live model serves on untouched.
 */
export class TrainingJobs {
  readonly #queue: WorkQueue<TrainingJobData>;
  readonly #running = new Map<string, TrainingProcess>();
  readonly #publisher: Pick<Publisher, 'trainingProgress'>;
  #closed = false;

  constructor(
    private readonly deps: TrainingJobsDeps,
    private readonly options: TrainingJobsOptions,
  ) {
    // One training at a time per process: two would only halve each other's cores and the customers' too.
    this.#queue = deps.queue ?? new InProcessQueue<TrainingJobData>('training', { attempts: 1, backoffMs: 0 }, deps.logger);
    this.#publisher = deps.publisher ?? { trainingProgress: () => undefined };
    const { publisher } = deps;
    if (publisher) {
      const emitLocal = deps.emitLocal ?? ((workspaceId, event) => publisher.trainingProgress(workspaceId, event));
      this.#queue.onProgress((_jobId, value) => {
        if (isRelayedProgress(value)) emitLocal(value.workspaceId, value.event);
      });
      this.#queue.onFailed((jobId, reason) => void this.#failedOnQueue(jobId, reason));
    }
    if (deps.work ?? true) this.#queue.work((data, job) => this.#run(data, job));
  }

  /** Queues a retrain of `bot` from its stored examples; a conflict when the bot already has one queued or running. */
  async start(bot: Bot, requestedBy: string | null, options: { from: 'live' | 'scratch' } = { from: 'live' }): Promise<TrainingJobRecord> {
    if (this.#closed) throw conflict('the server is shutting down; start the training again once it is back');
    let job: TrainingJobRecord;
    try {
      job = await insertTrainingJob(this.deps.db, { botId: bot.id, requestedBy, progress: progressAt('queued', 0) });
    } catch (error) {
      if (isUniqueViolation(error, ONE_ACTIVE_JOB_INDEX)) throw conflict('this bot is already training a model; wait for that job to end');
      throw error;
    }
    const reporter = new JobReporter({ id: job.id, botId: bot.id, workspaceId: bot.workspaceId }, job.progress, {
      ...this.deps,
      publisher: this.#publisher,
    });
    reporter.announce('queued', job.progress);
    try {
      await this.#queue.add({ jobId: job.id, botId: bot.id, workspaceId: bot.workspaceId, from: options.from }, { id: job.id });
    } catch (error) {
      // Not on the queue, so nothing would ever run it: it must not stay "queued" and block the bot's next start.
      await this.#fail(job.id, `the training could not be queued: ${describeCause(error)}`);
      throw error;
    }
    return job;
  }

  /**
   * At start: fails the jobs nothing is working on any more. Alone (no Redis), every queued or running job
   * belonged to a previous process of this server. With a shared queue, other nodes may be training right now:
   * only jobs whose queue entry is gone or failed are failed, and running ones are left to their workers.
   */
  async recoverInterrupted(): Promise<number> {
    if (!this.#queue.shared) {
      const failed = await failUnfinishedTrainingJobs(this.deps.db, SERVER_STOPPED);
      if (failed.length > 0)
        this.deps.logger.warn({ jobs: failed.map((job) => job.id) }, 'training jobs interrupted by a stop marked failed');
      return failed.length;
    }
    let failed = 0;
    for (const job of await unfinishedTrainingJobs(this.deps.db)) {
      if (Date.now() - job.createdAt.getTime() < ENQUEUE_GRACE_MS) continue;
      const presence = await this.#queue.presence(job.id);
      if (presence === 'pending') continue;
      if (await this.#fail(job.id, 'the training job was lost: nothing on the queue is working on it any more')) failed++;
    }
    if (failed > 0) this.deps.logger.warn({ failed }, 'training jobs no worker holds marked failed');
    return failed;
  }

  /**
   * A graceful stop: this process takes no more jobs, and a training it is running is stopped and failed with
   * SERVER_STOPPED (stored before this resolves), as on a single server; the operator starts it again. Jobs still
   * waiting stay on a shared queue for other workers; alone, they are failed too, as nothing else would run them.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const closing = this.#queue.close();
    for (const child of this.#running.values()) child.stop(SERVER_STOPPED);
    await closing;
  }

  /** The queue gave up on a job (its worker died too often, or a run kept breaking): failed in the database, told to operators here. */
  async #failedOnQueue(jobId: string, reason: string): Promise<void> {
    await this.#fail(jobId, queueFailure(reason)).catch((err: unknown) =>
      this.deps.logger.error({ err, jobId }, 'storing the failure of a training job failed'),
    );
  }

  /**
   * Fails a job still queued or running and tells the operators; false when it had already ended. Every node hears
   * a queue failure; only the one whose update failed the job announces it (across nodes, by the publisher).
   */
  async #fail(jobId: string, reason: string): Promise<boolean> {
    const failed = await failUnfinishedTrainingJob(this.deps.db, jobId, reason);
    if (!failed) return false;
    const bot = await findBot(this.deps.db, failed.botId);
    if (bot)
      this.#publisher.trainingProgress(bot.workspaceId, {
        jobId,
        botId: failed.botId,
        status: 'failed',
        stage: 'failed',
        fraction: failed.progress.fraction,
        message: reason,
      });
    return true;
  }

  async #run(data: TrainingJobData, queued: RunningJob): Promise<void> {
    const { db } = this.deps;
    const logger = this.deps.logger.child({ jobId: data.jobId, botId: data.botId, attempt: queued.attempt });
    const job = await findTrainingJob(db, data.botId, data.jobId);
    if (!job || (job.status !== 'queued' && job.status !== 'running')) {
      logger.info({ status: job?.status }, 'training job already ended; nothing to do');
      return;
    }
    // Progress is relayed by the queue: every node emits it to its own operators, a pure worker included.
    const relay = {
      trainingProgress: (workspaceId: string, event: TrainingProgressEvent) =>
        void queued.progress({ workspaceId, event } satisfies RelayedProgress),
    };
    const reporter = new JobReporter({ id: job.id, botId: job.botId, workspaceId: data.workspaceId }, job.progress, {
      ...this.deps,
      publisher: relay,
    });
    if (job.status === 'running') logger.warn('training job taken over after its worker stopped; training it again');
    const from = data.from;
    const started = performance.now();
    let scratch: string | undefined;
    try {
      if (this.#closed) throw new TrainingFailure(SERVER_STOPPED);
      const live = await liveModel(db, job.botId);
      const starting = progressAt('starting', 0, 'reading the examples');
      await markTrainingJobRunning(db, job.id, { liveVersion: live?.version ?? null, progress: starting });
      reporter.update(starting);
      const data = await loadTrainingData(db, job.botId);
      const dirs = await scratchModelDir(this.options.dataDir, job.botId);
      const botDir = dirs.botDir;
      scratch = dirs.scratch;
      logger.info(
        { intents: data.intents.train.length, heldOut: data.intents.heldOut.length, source: data.intents.source, live: live?.version },
        'training job started',
      );

      const child = startTrainingProcess({
        request: {
          outDir: scratch,
          cache: embeddingCache(this.options.dataDir),
          seed: this.options.seed ?? 1,
          train: { intents: data.intents.train, sentiment: data.sentiment.train },
          config: data.config,
          heldOut: { intents: data.intents.heldOut, sentiment: data.sentiment.heldOut },
          live,
          warmStart: from === 'live',
        },
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        logger,
        onProgress: (progress) => reporter.update(progress),
      });
      this.#running.set(job.id, child);
      const result = await child.result.finally(() => this.#running.delete(job.id));

      reporter.update(progressAt('store', 0, 'storing the candidate'));
      const artifactDir = path.join(botDir, result.version);
      await rename(scratch, artifactDir);
      scratch = artifactDir;
      const report = buildComparison(result.scores, { examples: data.intents.heldOut.length, source: data.intents.source });
      await reporter.settled();
      await db.transaction(async (tx) => {
        await addModelVersion(tx, {
          botId: job.botId,
          version: result.version,
          artifactDir,
          metrics: result.metrics as Json,
          evaluation: report.candidate as Json,
          trainingJobId: job.id,
        });
        await markTrainingJobSucceeded(tx, job.id, { candidateVersion: result.version, report, progress: progressAt('done', 1) });
      });
      scratch = undefined;
      reporter.announce('succeeded', progressAt('done', 1), { candidateVersion: result.version });
      logger.info(
        { version: result.version, ms: Math.round(performance.now() - started), ...result.embedding, gate: report.gate },
        'training job succeeded',
      );
    } catch (error) {
      const message = error instanceof TrainingFailure ? error.message : `training failed: ${describeCause(error)}`;
      if (!(error instanceof TrainingFailure)) logger.error({ err: error }, 'training job failed');
      else logger.warn({ reason: message }, 'training job failed');
      const failed = { ...reporter.progress, stage: 'failed', message };
      await reporter.settled();
      await markTrainingJobFailed(db, job.id, { error: message, progress: failed }).catch((err: unknown) =>
        logger.error({ err }, 'storing the failure of a training job failed'),
      );
      reporter.announce('failed', failed);
    } finally {
      // A failed job leaves no artifact behind: neither the scratch directory nor a renamed but unrecorded version.
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  }
}

/** The bot's live model version and where its artifact is, as the database has it. */
async function liveModel(db: Database, botId: string): Promise<{ version: string; artifactDir: string } | null> {
  const version = (await findBot(db, botId))?.activeModelVersion;
  const live = version ? await findModelVersion(db, botId, version) : undefined;
  return live ? { version: live.version, artifactDir: live.artifactDir } : null;
}
