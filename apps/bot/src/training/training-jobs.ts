import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { conflict } from '../conversation/action-error.ts';
import { KeyedSerial } from '../conversation/keyed-serial.ts';
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
import {
  failUnfinishedTrainingJobs,
  insertTrainingJob,
  markTrainingJobFailed,
  markTrainingJobRunning,
  markTrainingJobSucceeded,
  ONE_ACTIVE_JOB_INDEX,
  type TrainingJobRecord,
} from '../db/training-job-store.ts';
import { embeddingCache, scratchModelDir } from './training-paths.ts';
import { startTrainingProcess, type TrainingProcess } from './training-process.ts';
import { isUniqueViolation } from './unique-violation.ts';

export const SERVER_STOPPED = 'the server stopped during training';
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export interface TrainingJobsOptions {
  /** Candidates go to `<dataDir>/models/<botId>/<version>`, the shared embedding cache to `<dataDir>/cache/`. */
  dataDir: string;
  /** Longest a job may train before it is stopped and failed; 30 minutes by default. */
  timeoutMs?: number;
  /** Same seed and examples, same model. */
  seed?: number;
}

/**
 * Retraining: jobs queue per server and train one at a time, each in a child process, while progress goes to the
 * database and to the workspace's operators. A job ends with a candidate model version and its comparison with
 * the live model, or failed with a reason; either way the live model serves on untouched.
 */
export class TrainingJobs {
  /** One training at a time: two would only halve each other's cores and the customers' too. */
  readonly #queue = new KeyedSerial();
  readonly #running = new Map<string, TrainingProcess>();
  readonly #jobs = new Set<Promise<void>>();
  #closed = false;

  constructor(
    private readonly deps: { db: Database; publisher: Publisher; logger: Logger },
    private readonly options: TrainingJobsOptions,
  ) {}

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
    const reporter = new JobReporter({ id: job.id, botId: bot.id, workspaceId: bot.workspaceId }, job.progress, this.deps);
    reporter.announce('queued', job.progress);
    const run = this.#queue.run('training', () => this.#run(job, reporter, options.from));
    this.#jobs.add(run);
    void run.finally(() => this.#jobs.delete(run));
    return job;
  }

  /** Fails the jobs a previous server process left queued or running: nothing is working on them any more. */
  async recoverInterrupted(): Promise<number> {
    const failed = await failUnfinishedTrainingJobs(this.deps.db, SERVER_STOPPED);
    if (failed.length > 0)
      this.deps.logger.warn({ jobs: failed.map((job) => job.id) }, 'training jobs interrupted by a stop marked failed');
    return failed.length;
  }

  /** Stops running trainings and fails them and every queued job, stored before this resolves. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const child of this.#running.values()) child.stop(SERVER_STOPPED);
    await Promise.allSettled(this.#jobs);
  }

  async #run(job: TrainingJobRecord, reporter: JobReporter, from: 'live' | 'scratch'): Promise<void> {
    const { db } = this.deps;
    const logger = this.deps.logger.child({ jobId: job.id, botId: job.botId });
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
