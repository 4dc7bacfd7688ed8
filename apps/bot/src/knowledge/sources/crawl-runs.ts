import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { beatKnowledgeSource, finishKnowledgeSource, type ClaimedCrawlSource } from '../../db/knowledge-source-store.ts';
import type { KnowledgeBase } from '../knowledge-base.ts';
import type { CrawlOptions } from './crawl.ts';
import { syncCrawlSource } from './sync-crawl-source.ts';

export interface CrawlRunsOptions {
  /** Per-request timeout, page size and concurrency of each crawl. */
  crawl?: Omit<CrawlOptions, 'signal'>;
  /** How often a running crawl says it is alive; default 30 s. */
  heartbeatMs?: number;
  /** How long after its last heartbeat a run counts as dead (its process gone) and its source free; default 5 min. */
  staleMs?: number;
}

const DEFAULT_HEARTBEAT_MS = 30_000;
const DEFAULT_STALE_MS = 5 * 60_000;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The crawls this process is running, in the background. Which source a run holds is decided in the database
 * (a claimed row, kept alive by a heartbeat), so a source is never crawled twice at once, across processes too,
 * and a source whose process died is free again once its heartbeat is stale.
 */
export class CrawlRuns {
  readonly staleMs: number;
  readonly #deps: { db: Database; knowledge: () => Promise<KnowledgeBase>; logger: Logger };
  readonly #options: CrawlRunsOptions;
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(deps: { db: Database; knowledge: () => Promise<KnowledgeBase>; logger: Logger }, options: CrawlRunsOptions = {}) {
    this.#deps = deps;
    this.#options = options;
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  }

  /** Crawls in progress here. */
  get size(): number {
    return this.#running.size;
  }

  /** Crawls a source this process has claimed, in the background; failures end up in the source's status. */
  start(source: ClaimedCrawlSource): void {
    const controller = new AbortController();
    const done = this.#run(source, controller.signal).finally(() => {
      if (this.#running.get(source.id)?.controller === controller) this.#running.delete(source.id);
    });
    this.#running.set(source.id, { controller, done });
  }

  /** Stops the crawl of a source (deleted, say) if it runs here. */
  cancel(sourceId: string): void {
    this.#running.get(sourceId)?.controller.abort(new Error('the source was deleted'));
  }

  /** Resolves once no crawl runs here (for tests and a graceful stop). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()].map((run) => run.done));
  }

  /** Stops every crawl; their sources are marked failed ("interrupted") and crawled again on their schedule. */
  async stop(): Promise<void> {
    for (const run of this.#running.values()) run.controller.abort(new Error('the crawl was interrupted: the server stopped'));
    await this.idle();
  }

  async #run(source: ClaimedCrawlSource, signal: AbortSignal): Promise<void> {
    const { db, logger } = this.#deps;
    const log = logger.child({ botId: source.botId, crawlSourceId: source.id });
    const controller = new AbortController();
    const lost = () => controller.abort(new Error('the source was deleted or another run took it over'));
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    const beat = () =>
      beatKnowledgeSource(db, source.id, source.runId).then(
        (held) => (held ? undefined : lost()),
        (err: unknown) => log.warn({ err }, 'crawl heartbeat failed'),
      );
    const heartbeat = setInterval(() => void beat(), this.#options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    heartbeat.unref();
    try {
      if (!(await beatKnowledgeSource(db, source.id, source.runId, 'crawling'))) return;
      const knowledge = await this.#deps.knowledge();
      const counts = await syncCrawlSource(knowledge, source, { ...this.#options.crawl, signal: controller.signal });
      await finishKnowledgeSource(db, source.id, source.runId, { status: 'synced', error: null, ...counts });
      log.info(counts, 'crawl source synced');
    } catch (error) {
      const reason = controller.signal.aborted ? describe(controller.signal.reason) : describe(error);
      if (!controller.signal.aborted) log.warn({ err: error }, 'crawl source failed');
      await finishKnowledgeSource(db, source.id, source.runId, { status: 'failed', error: reason, pagesFound: 0, pagesSkipped: 0 }).catch(
        (err: unknown) => log.warn({ err }, 'recording a failed crawl failed'),
      );
    } finally {
      clearInterval(heartbeat);
    }
  }
}
