import type { Logger } from 'pino';
import type { Queryable } from '../db/database.ts';
import { purgeIdleVisitors } from '../db/visitor-store.ts';

export interface VisitorPurgeOptions {
  /** How often it runs; the first run is one interval after the start. */
  intervalMs?: number;
  /** How long a widget visitor without a conversation is kept after its last visit. */
  idleMs?: number;
}

export interface VisitorPurge {
  /** One purge now: how many visitors went. */
  run(): Promise<number>;
  stop(): void;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Deletes conversation-less widget visitors a day after their last visit, every hour. Such rows no longer come
 * from merely opening a socket, but older ones remain, and a visitor outlives its deleted conversations. The timer
 * is unref'd, so it never keeps a stopping process alive; a failed run is logged and the next one tries again.
 */
export function startVisitorPurge(deps: { db: Queryable; logger: Logger }, options: VisitorPurgeOptions = {}): VisitorPurge {
  const { intervalMs = HOUR_MS, idleMs = 24 * HOUR_MS } = options;
  let running = false;
  const run = async () => {
    const purged = await purgeIdleVisitors(deps.db, idleMs);
    if (purged > 0) deps.logger.info({ purged }, 'idle visitors without conversations purged');
    return purged;
  };
  const timer = setInterval(() => {
    // A slow database must not stack runs up.
    if (running) return;
    running = true;
    run()
      .catch((err: unknown) => deps.logger.warn({ err }, 'purging idle visitors failed'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
