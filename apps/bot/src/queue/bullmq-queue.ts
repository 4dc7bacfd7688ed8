import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { QUEUE_TIMINGS } from './queue-timings.ts';
import type { RedisConnections } from './redis-connections.ts';
import type { EnqueueOptions, JobHandler, JobPresence, QueueName, RetryPolicy, WorkQueue } from './work-queue.ts';

/** BullMQ ids and keys become parts of Redis keys, where ':' separates fields. */
export const bullId = (id: string): string => id.replace(/[^\w./-]/g, '_');

export interface BullQueueOptions {
  connections: RedisConnections;
  /** Every key of this deployment starts with it (PARLEY_REDIS_PREFIX). */
  prefix: string;
  retry: RetryPolicy;
  /** Jobs one worker process runs at once. */
  concurrency: number;
  logger: Logger;
}

/**
 * A queue on Redis shared by every node and worker. Keyed jobs use BullMQ deduplication with keepLastIfActive: at
 * most one job per key waits and one runs, so work of one key never runs on two workers at once.
 */
export class BullQueue<T> implements WorkQueue<T> {
  readonly shared = true;
  readonly #queue: Queue;
  #worker: Worker | undefined;
  #events: QueueEvents | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(
    readonly name: QueueName,
    private readonly options: BullQueueOptions,
  ) {
    const { retry } = options;
    this.#queue = new Queue(name, {
      connection: options.connections.open(`queue-${name}`),
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        // The database keeps the history; Redis keeps a short tail to look at, and failed jobs a while longer.
        removeOnComplete: { count: 200 },
        removeOnFail: { count: 1000 },
      },
    });
    this.#queue.on('error', (err) => options.logger.warn({ err, queue: name }, 'queue error'));
  }

  async add(data: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.#closed) throw new Error(`the ${this.name} queue is closed`);
    await this.#queue.add(this.name, data, {
      ...(options.id !== undefined && { jobId: bullId(options.id) }),
      ...(options.key !== undefined && { deduplication: { id: bullId(options.key), keepLastIfActive: true } }),
    });
  }

  work(handler: JobHandler<T>): void {
    if (this.#worker) throw new Error(`the ${this.name} queue already has a worker here`);
    const { logger } = this.options;
    this.#worker = new Worker(
      this.name,
      (job: Job) =>
        handler(job.data as T, {
          id: job.id!,
          attempt: job.attemptsMade + 1,
          progress: (value) =>
            job.updateProgress(value).catch((err: unknown) => logger.debug({ err, jobId: job.id }, 'progress not relayed')),
        }),
      {
        connection: this.options.connections.open(`worker-${this.name}`),
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        lockDuration: QUEUE_TIMINGS.lockMs,
        stalledInterval: QUEUE_TIMINGS.stalledCheckMs,
        maxStalledCount: QUEUE_TIMINGS.maxStalled,
      },
    );
    this.#worker.on('error', (err) => logger.warn({ err, queue: this.name }, 'worker error'));
    this.#worker.on('failed', (job, err) =>
      logger.warn({ queue: this.name, jobId: job?.id, attempt: job?.attemptsMade, reason: err.message }, 'job failed'),
    );
    this.#worker.on('stalled', (jobId) => logger.warn({ queue: this.name, jobId }, 'job stalled: its worker stopped; handed on'));
  }

  onProgress(listener: (jobId: string, value: unknown) => void): void {
    this.#eventsOf().on('progress', ({ jobId, data }) => listener(jobId, data));
  }

  onFailed(listener: (jobId: string, reason: string) => void): void {
    this.#eventsOf().on('failed', ({ jobId, failedReason }) => listener(jobId, failedReason));
  }

  async presence(id: string): Promise<JobPresence> {
    const state = await this.#queue.getJobState(bullId(id));
    if (state === 'unknown') return 'missing';
    if (state === 'completed') return 'finished';
    if (state === 'failed') return 'failed';
    return 'pending';
  }

  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.#queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((count) => count === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits for this process's running jobs (BullMQ's graceful close), then lets go of Redis. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= (async () => {
      await this.#worker?.close();
      await this.#events?.close();
      await this.#queue.close();
    })();
    return this.#closing;
  }

  #eventsOf(): QueueEvents {
    if (!this.#events) {
      this.#events = new QueueEvents(this.name, {
        connection: this.options.connections.open(`events-${this.name}`),
        prefix: this.options.prefix,
      });
      this.#events.on('error', (err) => this.options.logger.warn({ err, queue: this.name }, 'queue events error'));
    }
    return this.#events;
  }
}
