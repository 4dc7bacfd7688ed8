import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { claimDueKnowledgeSources } from '../../db/knowledge-source-store.ts';
import type { CrawlRuns } from './crawl-runs.ts';

export interface CrawlSchedulerOptions {
  /** How often due sources are looked for; default a minute. The first look is one interval after the start. */
  intervalMs?: number;
  /** Crawls this process runs at once at most (scheduled ones wait for the next look); default 2. */
  maxRunning?: number;
}

export interface CrawlScheduler {
  /** One look now: how many crawls it started. */
  tick(): Promise<number>;
  /** Stops looking, and stops the crawls this process runs. */
  stop(): Promise<void>;
}

/**
 * Re-crawls the sources whose nextSyncAt has passed. Claiming happens in the database, so several processes
 * can run a scheduler without crawling a source twice. The timer is unref'd: it never keeps a process alive.
 */
export function startCrawlScheduler(
  deps: { db: Database; logger: Logger; runs: CrawlRuns },
  options: CrawlSchedulerOptions = {},
): CrawlScheduler {
  const { intervalMs = 60_000, maxRunning = 2 } = options;
  let ticking = false;
  const tick = async () => {
    const room = maxRunning - deps.runs.size;
    if (room <= 0) return 0;
    const due = await claimDueKnowledgeSources(deps.db, deps.runs.staleMs, room);
    for (const source of due) deps.runs.start(source);
    if (due.length > 0) deps.logger.info({ sources: due.map((source) => source.id) }, 'scheduled crawls started');
    return due.length;
  };
  const timer = setInterval(() => {
    // A slow database must not stack looks up.
    if (ticking) return;
    ticking = true;
    tick()
      .catch((err: unknown) => deps.logger.warn({ err }, 'looking for due crawl sources failed'))
      .finally(() => (ticking = false));
  }, intervalMs);
  timer.unref();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await deps.runs.stop();
    },
  };
}
