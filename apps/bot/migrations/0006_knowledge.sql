-- A bot's knowledge base: documents it answers from, split into chunks that are embedded and indexed.

CREATE TABLE knowledge_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  title text NOT NULL,
  source text NOT NULL CHECK (source IN ('upload', 'url', 'api')),
  url text NULL,
  media_type text NOT NULL,
  content text NOT NULL,
  -- sha256 of what was chunked (content, media type and chunker version): re-sync re-embeds only when it changes.
  content_hash text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'indexed', 'failed')),
  error text NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  indexed_at timestamptz NULL
);
CREATE INDEX knowledge_documents_bot_idx ON knowledge_documents (bot_id, created_at DESC);
-- One document per URL and bot, so syncing a site updates its pages instead of duplicating them.
CREATE UNIQUE INDEX knowledge_documents_bot_url_idx ON knowledge_documents (bot_id, url) WHERE url IS NOT NULL;

-- The system PostgreSQL has no pgvector: embeddings are little-endian float32 bytes, scored in process.
-- The identity id only grows, so (count, max id) per bot changes whenever a bot's chunks do (the search cache).
CREATE TABLE knowledge_chunks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  ordinal int NOT NULL,
  text text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'zh')),
  encoder_id text NOT NULL,
  embedding bytea NOT NULL,
  -- PostgreSQL's English analysis of the text (stemmed, no stop words); search ranks its lexemes with BM25 in
  -- process next to the vectors. Chinese chunks are matched on character bigrams in process instead.
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX knowledge_chunks_bot_idx ON knowledge_chunks (bot_id, id);
