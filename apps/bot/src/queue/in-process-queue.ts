import type { Logger } from 'pino';
import { KeyedSerial } from '../conversation/keyed-serial.ts';
import type { EnqueueOptions, JobHandler, JobPresence, QueueName, RetryPolicy, WorkQueue } from './work-queue.ts';

interface Entry<T> {
  id: string;
  data: T;
}

/**
 * The queue of a single server without Redis: today's behaviour. Jobs of one key run one after another
 * (KeyedSerial), unkeyed jobs one at a time per queue, and a failed run is retried after a doubling delay on an
 * unref'd timer. Nothing survives the process: the stores' sweeps at start pick up what was left.
 */
export class InProcessQueue<T> implements WorkQueue<T> {
  readonly shared = false;
  readonly #serial = new KeyedSerial();
  /** Ids queued or running, for deduplication. */
  readonly #ids = new Set<string>();
  /** Per key, the job that has not started yet: later adds fold into it. */
  readonly #waiting = new Map<string, Entry<T>>();
  readonly #retries = new Set<NodeJS.Timeout>();
  readonly #progress: Array<(jobId: string, value: unknown) => void> = [];
  readonly #failed: Array<(jobId: string, reason: string) => void> = [];
  #handler: JobHandler<T> | undefined;
  #closed = false;
  #next = 0;

  constructor(
    readonly name: QueueName,
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
  ) {}

  async add(data: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.#closed) throw new Error(`the ${this.name} queue is closed`);
    if (options.id !== undefined && this.#ids.has(options.id)) return;
    if (options.key !== undefined) {
      const waiting = this.#waiting.get(options.key);
      if (waiting) {
        waiting.data = data;
        return;
      }
    }
    const entry = { id: options.id ?? `${this.name}-${++this.#next}`, data };
    this.#ids.add(entry.id);
    if (options.key !== undefined) this.#waiting.set(options.key, entry);
    this.#schedule(entry, options.key, 1);
  }

  work(handler: JobHandler<T>): void {
    this.#handler = handler;
  }

  onProgress(listener: (jobId: string, value: unknown) => void): void {
    this.#progress.push(listener);
  }

  onFailed(listener: (jobId: string, reason: string) => void): void {
    this.#failed.push(listener);
  }

  async presence(id: string): Promise<JobPresence> {
    return this.#ids.has(id) ? 'pending' : 'missing';
  }

  idle(): Promise<void> {
    return this.#serial.idle();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#retries) clearTimeout(timer);
    this.#retries.clear();
    await this.#serial.idle();
  }

  #schedule(entry: Entry<T>, key: string | undefined, attempt: number): void {
    void this.#serial.run(key ?? this.name, async () => {
      if (key !== undefined && this.#waiting.get(key) === entry) this.#waiting.delete(key);
      await this.#attempt(entry, key, attempt);
    });
  }

  async #attempt(entry: Entry<T>, key: string | undefined, attempt: number): Promise<void> {
    const handler = this.#handler;
    try {
      if (!handler) throw new Error(`nothing works on the ${this.name} queue in this process`);
      await handler(entry.data, {
        id: entry.id,
        attempt,
        progress: async (value) => {
          for (const listener of this.#progress) listener(entry.id, value);
        },
      });
      this.#ids.delete(entry.id);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt < this.retry.attempts && !this.#closed) {
        this.logger.warn({ queue: this.name, jobId: entry.id, attempt, reason }, 'job failed; retrying');
        const timer = setTimeout(
          () => {
            this.#retries.delete(timer);
            this.#schedule(entry, key, attempt + 1);
          },
          this.retry.backoffMs * 2 ** (attempt - 1),
        );
        timer.unref();
        this.#retries.add(timer);
        return;
      }
      this.#ids.delete(entry.id);
      this.logger.error({ queue: this.name, jobId: entry.id, attempt, reason }, 'job failed');
      for (const listener of this.#failed) listener(entry.id, reason);
    }
  }
}
