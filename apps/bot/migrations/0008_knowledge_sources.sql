-- Crawl sources: a page, a sitemap or a site a bot's knowledge base is fetched from, now and on a schedule.

CREATE TABLE knowledge_crawl_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  url text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('page', 'sitemap', 'site')),
  max_pages int NOT NULL CHECK (max_pages BETWEEN 1 AND 1000),
  resync_every_hours int NULL CHECK (resync_every_hours >= 1),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'crawling', 'synced', 'failed')),
  error text NULL,
  pages_found int NOT NULL DEFAULT 0,
  pages_skipped int NOT NULL DEFAULT 0,
  last_synced_at timestamptz NULL,
  next_sync_at timestamptz NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The run that holds the source while it is queued or crawling, and when that run last showed it was alive:
  -- a run whose process died stops beating, and the source can be claimed again.
  run_id uuid NULL,
  heartbeat_at timestamptz NULL,
  UNIQUE (bot_id, url)
);
CREATE INDEX knowledge_crawl_sources_due_idx ON knowledge_crawl_sources (next_sync_at) WHERE next_sync_at IS NOT NULL;

-- The source that fetched a document; deleting the source deletes its documents (and so their chunks).
ALTER TABLE knowledge_documents
  ADD COLUMN crawl_source_id uuid NULL REFERENCES knowledge_crawl_sources (id) ON DELETE CASCADE;
CREATE INDEX knowledge_documents_crawl_source_idx ON knowledge_documents (crawl_source_id) WHERE crawl_source_id IS NOT NULL;
