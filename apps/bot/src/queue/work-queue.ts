/** The background queues: what runs on them is named after the work, one queue per kind. */
export type QueueName = 'training' | 'channel-inbound' | 'channel-outbound';

export interface EnqueueOptions {
  /** Derived from the work (a training job's id, a channel event's id): adding an id that is still queued or running does nothing. */
  id?: string;
  /**
   * Jobs with the same key never run at once, and while one of them waits to start, adding another folds into
   * it (the waiting job takes the newer data). Handlers of keyed jobs therefore do "everything pending for this
   * key", never "exactly this one item".
   */
  key?: string;
}

export interface RunningJob {
  id: string;
  /** 1 on the first run; more when the job is retried after an error or after its worker died. */
  attempt: number;
  /** Tells every process's onProgress listeners (through Redis with BullMQ); never throws. */
  progress(value: object): Promise<void>;
}

export type JobHandler<T> = (data: T, job: RunningJob) => Promise<void>;

/** Where a job is: still to run (or running), or no longer anywhere the queue could run it from. */
export type JobPresence = 'pending' | 'finished' | 'failed' | 'missing';

/**
 * A queue of background work. Two implementations: in-process (no Redis: the single server of today) and
 * BullMQ (several nodes and workers on one Redis: locks, heartbeats, stalled-job recovery, retries).
 */
export interface WorkQueue<T> {
  readonly name: QueueName;
  /** True when other processes share this queue (Redis): then jobs may run, and progress may come, from anywhere. */
  readonly shared: boolean;
  add(data: T, options?: EnqueueOptions): Promise<void>;
  /** Runs this queue's jobs in this process from now on; a handler's error retries the job (with backoff) until its attempts run out. */
  work(handler: JobHandler<T>): void;
  /** Progress a handler reported, on whichever process it ran. */
  onProgress(listener: (jobId: string, value: unknown) => void): void;
  /** A job that failed for good: its attempts ran out, or its worker died more often than allowed. */
  onFailed(listener: (jobId: string, reason: string) => void): void;
  presence(id: string): Promise<JobPresence>;
  /** Resolves once no job is queued or running (tests, and a graceful stop). */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for the running ones; later adds are refused. */
  close(): Promise<void>;
}

/** The three queues of a process, one implementation for all. */
export interface Queues {
  shared: boolean;
  training: WorkQueue<TrainingJobData>;
  inbound: WorkQueue<InboundJobData>;
  outbound: WorkQueue<OutboundJobData>;
  close(): Promise<void>;
}

export interface TrainingJobData {
  jobId: string;
  botId: string;
  workspaceId: string;
  from: 'live' | 'scratch';
}
/** Process the pending inbound events of one channel customer, in arrival order. */
export interface InboundJobData {
  channelId: string;
  userId: string;
}
/** Deliver what is undelivered in one channel conversation. */
export interface OutboundJobData {
  conversationId: string;
}

/** A job's retries: how many runs in all, and the first delay (doubling after each failure). */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}
