-- Messaging channels (Telegram, Slack, WhatsApp Cloud, signed webhook): their configuration per bot, the
-- customers who reach a bot through them, the inbound events they deliver and the replies sent back.

CREATE TABLE channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('telegram', 'slack', 'whatsapp', 'webhook')),
  name text NOT NULL DEFAULT '',
  -- What the adapter needs that is not secret (API base, phone number id, outbound URL); validated by the server.
  settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
  -- Tokens and signing secrets. Never returned by the API nor logged; only the names of the set ones are shown.
  secrets jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(secrets) = 'object'),
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channels_bot_id_idx ON channels (bot_id);

-- A visitor is either a widget visitor (a bearer token) or a customer on a channel (the provider's user id).
-- channel_id does not cascade: a channel with customers is disabled, not deleted, so their history stays.
ALTER TABLE visitors ALTER COLUMN token_hash DROP NOT NULL;
ALTER TABLE visitors ADD COLUMN channel_id uuid NULL REFERENCES channels (id);
ALTER TABLE visitors ADD COLUMN external_id text NULL;
ALTER TABLE visitors ADD COLUMN display_name text NULL;
ALTER TABLE visitors ADD CONSTRAINT visitors_one_identity CHECK (
  (token_hash IS NOT NULL AND channel_id IS NULL AND external_id IS NULL)
  OR (token_hash IS NULL AND channel_id IS NOT NULL AND external_id IS NOT NULL)
);
CREATE UNIQUE INDEX visitors_channel_external_key ON visitors (channel_id, external_id) WHERE channel_id IS NOT NULL;

-- Where a channel conversation's replies go, and how far they have been delivered (every logged event up to
-- this seq was sent or given up on). Web conversations leave these NULL / 0.
ALTER TABLE conversations ADD COLUMN channel_id uuid NULL REFERENCES channels (id);
ALTER TABLE conversations ADD COLUMN channel_address text NULL;
ALTER TABLE conversations ADD COLUMN delivered_seq bigint NOT NULL DEFAULT 0 CHECK (delivered_seq >= 0);
ALTER TABLE conversations ADD CONSTRAINT conversations_channel_address CHECK ((channel_id IS NULL) = (channel_address IS NULL));
CREATE INDEX conversations_channel_id_idx ON conversations (channel_id) WHERE channel_id IS NOT NULL;

-- Every inbound event a provider delivered, stored before the provider gets its 200: the primary key makes a
-- redelivered or replayed event a no-op, and a pending row outlives a crash and is processed on the next start.
CREATE TABLE channel_events (
  channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  -- The normalised InboundMessage.
  message jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  error text NULL,
  -- Fixed on the first attempt, so a retry lands in the same conversation even if it was closed in between.
  conversation_id uuid NULL REFERENCES conversations (id) ON DELETE SET NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz NULL,
  PRIMARY KEY (channel_id, event_id)
);
CREATE INDEX channel_events_pending_idx ON channel_events (received_at) WHERE status = 'pending';

-- Replies sent to a channel (or given up on), one row per message: what makes delivery once-only across restarts.
CREATE TABLE channel_deliveries (
  message_id uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('sent', 'failed')),
  attempts integer NOT NULL CHECK (attempts >= 1),
  provider_message_id text NULL,
  error text NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channel_deliveries_channel_idx ON channel_deliveries (channel_id, created_at DESC);
