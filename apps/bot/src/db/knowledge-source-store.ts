import type { Queryable } from './database.ts';

export type CrawlKind = 'page' | 'sitemap' | 'site';
export type CrawlStatus = 'queued' | 'crawling' | 'synced' | 'failed';

export interface KnowledgeCrawlSourceRecord {
  id: string;
  botId: string;
  url: string;
  kind: CrawlKind;
  maxPages: number;
  resyncEveryHours: number | null;
  status: CrawlStatus;
  error: string | null;
  pagesFound: number;
  pagesSkipped: number;
  lastSyncedAt: string | null;
  nextSyncAt: string | null;
  createdAt: string;
}

/** A source held by a run: only that run may move its status on. */
export interface ClaimedCrawlSource extends KnowledgeCrawlSourceRecord {
  runId: string;
}

export interface NewCrawlSource {
  url: string;
  kind: CrawlKind;
  maxPages: number;
  resyncEveryHours: number | null;
}

interface SourceRow {
  id: string;
  bot_id: string;
  url: string;
  kind: CrawlKind;
  max_pages: number;
  resync_every_hours: number | null;
  status: CrawlStatus;
  error: string | null;
  pages_found: number;
  pages_skipped: number;
  last_synced_at: Date | null;
  next_sync_at: Date | null;
  created_at: Date;
  run_id: string | null;
}

const COLUMNS = `id, bot_id, url, kind, max_pages, resync_every_hours, status, error, pages_found, pages_skipped,
  last_synced_at, next_sync_at, created_at, run_id`;

const toSource = (row: SourceRow): KnowledgeCrawlSourceRecord => ({
  id: row.id,
  botId: row.bot_id,
  url: row.url,
  kind: row.kind,
  maxPages: row.max_pages,
  resyncEveryHours: row.resync_every_hours,
  status: row.status,
  error: row.error,
  pagesFound: row.pages_found,
  pagesSkipped: row.pages_skipped,
  lastSyncedAt: row.last_synced_at?.toISOString() ?? null,
  nextSyncAt: row.next_sync_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

const toClaimed = (row: SourceRow): ClaimedCrawlSource => ({ ...toSource(row), runId: row.run_id! });

// Free: no run holds it, or the one that did stopped beating (its process died) more than staleMs ago.
const FREE = `(run_id IS NULL OR heartbeat_at < now() - $STALE * interval '1 millisecond')`;
const free = (staleParam: number) => FREE.replace('$STALE', `$${staleParam}`);

export async function listKnowledgeSources(db: Queryable, botId: string): Promise<KnowledgeCrawlSourceRecord[]> {
  const { rows } = await db.query<SourceRow>(
    `SELECT ${COLUMNS} FROM knowledge_crawl_sources WHERE bot_id = $1 ORDER BY created_at DESC, id`,
    [botId],
  );
  return rows.map(toSource);
}

export async function findKnowledgeSource(db: Queryable, botId: string, id: string): Promise<KnowledgeCrawlSourceRecord | undefined> {
  const { rows } = await db.query<SourceRow>(`SELECT ${COLUMNS} FROM knowledge_crawl_sources WHERE bot_id = $1 AND id = $2`, [botId, id]);
  return rows[0] && toSource(rows[0]);
}

/** A new source, queued and held by a new run; undefined when the bot already crawls this URL. */
export async function insertKnowledgeSource(db: Queryable, botId: string, source: NewCrawlSource): Promise<ClaimedCrawlSource | undefined> {
  const { rows } = await db.query<SourceRow>(
    `INSERT INTO knowledge_crawl_sources (bot_id, url, kind, max_pages, resync_every_hours, run_id, heartbeat_at)
     VALUES ($1, $2, $3, $4, $5, gen_random_uuid(), now())
     ON CONFLICT (bot_id, url) DO NOTHING
     RETURNING ${COLUMNS}`,
    [botId, source.url, source.kind, source.maxPages, source.resyncEveryHours],
  );
  return rows[0] && toClaimed(rows[0]);
}

/**
 * Queues a source for a new run unless a live run holds it. Undefined when it is held (or does not exist):
 * the row is the lock, so two processes cannot crawl one source at once either.
 */
export async function claimKnowledgeSource(
  db: Queryable,
  botId: string,
  id: string,
  staleMs: number,
): Promise<ClaimedCrawlSource | undefined> {
  const { rows } = await db.query<SourceRow>(
    `UPDATE knowledge_crawl_sources SET status = 'queued', error = NULL, run_id = gen_random_uuid(), heartbeat_at = now()
     WHERE bot_id = $1 AND id = $2 AND ${free(3)}
     RETURNING ${COLUMNS}`,
    [botId, id, staleMs],
  );
  return rows[0] && toClaimed(rows[0]);
}

/** Claims up to `limit` sources whose next sync is due (oldest due first), as claimKnowledgeSource does one. */
export async function claimDueKnowledgeSources(db: Queryable, staleMs: number, limit: number): Promise<ClaimedCrawlSource[]> {
  const { rows } = await db.query<SourceRow>(
    `UPDATE knowledge_crawl_sources SET status = 'queued', error = NULL, run_id = gen_random_uuid(), heartbeat_at = now()
     WHERE id IN (
       SELECT id FROM knowledge_crawl_sources
       WHERE next_sync_at <= now() AND ${free(1)}
       ORDER BY next_sync_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     AND ${free(1)}
     RETURNING ${COLUMNS}`,
    [staleMs, limit],
  );
  return rows.map(toClaimed);
}

/** The run is alive (and, given a status, now in it). False when the run lost the source (deleted, taken over). */
export async function beatKnowledgeSource(db: Queryable, id: string, runId: string, status?: 'crawling'): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE knowledge_crawl_sources SET heartbeat_at = now(), status = coalesce($3, status) WHERE id = $1 AND run_id = $2`,
    [id, runId, status ?? null],
  );
  return rowCount > 0;
}

export interface CrawlOutcome {
  status: 'synced' | 'failed';
  error: string | null;
  pagesFound: number;
  pagesSkipped: number;
}

/**
 * Ends a run: its outcome and counts, the next sync on the source's schedule (a failed one is retried then, not
 * sooner), and the source free again. lastSyncedAt stays that of the last good run. False when the run no longer
 * held the source.
 */
export async function finishKnowledgeSource(db: Queryable, id: string, runId: string, outcome: CrawlOutcome): Promise<boolean> {
  const synced = outcome.status === 'synced';
  const { rowCount } = await db.query(
    `UPDATE knowledge_crawl_sources SET status = $3, error = $4,
       pages_found = $6, pages_skipped = $7,
       last_synced_at = CASE WHEN $5::boolean THEN now() ELSE last_synced_at END,
       next_sync_at = CASE WHEN resync_every_hours IS NULL THEN NULL ELSE now() + resync_every_hours * interval '1 hour' END,
       run_id = NULL, heartbeat_at = NULL
     WHERE id = $1 AND run_id = $2`,
    [id, runId, outcome.status, outcome.error, synced, outcome.pagesFound, outcome.pagesSkipped],
  );
  return rowCount > 0;
}

/** Deletes a source; its documents (and their chunks) go with it. False when there was no such source. */
export async function deleteKnowledgeSource(db: Queryable, botId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM knowledge_crawl_sources WHERE bot_id = $1 AND id = $2', [botId, id]);
  return rowCount > 0;
}
