export interface MicroBatcherOptions {
  /** Most items one run may take. */
  maxBatchSize: number;
  /** How long the first item of an idle batcher waits for company; 0 still coalesces calls made in the same tick. */
  maxWaitMs: number;
  /**
   * Batches handed to `run` before the first returns (default 1). 2 suits a model in another thread: the next
   * batch is queued there while the current one computes. Only full batches go out beside a running one, so
   * light traffic still coalesces while a backlog is pipelined.
   */
  maxInFlight?: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent requests into bounded batches with one run in flight at a time. Written here because
 * DataLoader dispatches each window's batch even while the model is busy, so under load it queues many small
 * runs; this batcher instead merges everything that waited behind the running batch into the next one.
 */
export class MicroBatcher<I, O> {
  private readonly queue: Array<Pending<I, O>> = [];
  private running = 0;
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${options.maxBatchSize}`);
    }
    if (!(options.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be ≥ 0, got ${options.maxWaitMs}`);
    if (options.maxInFlight !== undefined && !(Number.isInteger(options.maxInFlight) && options.maxInFlight >= 1)) {
      throw new RangeError(`maxInFlight must be a positive integer, got ${options.maxInFlight}`);
    }
  }

  /** Idle: any batch may start. Busy: only a full one, and only below the in-flight limit. */
  private get canStart(): boolean {
    if (this.queue.length === 0) return false;
    if (this.running === 0) return true;
    return this.queue.length >= this.options.maxBatchSize && this.running < (this.options.maxInFlight ?? 1);
  }

  submit(items: readonly I[]): Promise<O[]> {
    if (this.closed) return Promise.reject(new Error('the encoder is closed'));
    const results = items.map((item) => new Promise<O>((resolve, reject) => this.queue.push({ item, resolve, reject })));
    this.schedule();
    return Promise.all(results);
  }

  /** Items waiting for a run; exposed for metrics. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Rejects whatever has not started; a batch in flight finishes. */
  close(): void {
    this.closed = true;
    this.clearTimer();
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the encoder was closed before this text was encoded'));
  }

  private schedule(): void {
    if (!this.canStart) return; // a running batch will pick these up when it finishes
    // A full batch need not wait for company.
    if (this.queue.length >= this.options.maxBatchSize) {
      this.fill();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = this.options.maxWaitMs > 0 ? setTimeout(() => this.fire(), this.options.maxWaitMs) : setImmediate(() => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    this.fill();
  }

  /** Starts batches while the rules above allow. */
  private fill(): void {
    this.clearTimer();
    while (this.canStart) void this.dispatch();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  private async dispatch(): Promise<void> {
    this.running++;
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    try {
      const outputs = await this.run(batch.map((p) => p.item));
      if (outputs.length !== batch.length) throw new Error(`batch returned ${outputs.length} results for ${batch.length} inputs`);
      batch.forEach((p, i) => p.resolve(outputs[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.running--;
      // Whatever queued behind this run goes next, without waiting again.
      this.fill();
    }
  }
}
