/**
 * How BullMQ workers hold their jobs. A worker renews its job's lock every LOCK_MS / 2 (the heartbeat); each
 * worker looks for jobs whose lock has expired every STALLED_CHECK_MS. A worker killed mid-job therefore has its job
 * picked up again by another worker within LOCK_MS + STALLED_CHECK_MS (15 s), and a job never runs twice at once
 * while its worker lives: only the lock holder may finish it. A job whose worker dies more than MAX_STALLED times is
 * failed ("job stalled more than allowable limit") instead of being handed on again.
 */
export const QUEUE_TIMINGS = {
  lockMs: 10_000,
  stalledCheckMs: 5_000,
  maxStalled: 1,
} as const;
