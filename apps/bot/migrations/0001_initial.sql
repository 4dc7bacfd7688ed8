-- The initial schema. Migrations run inside one transaction per run (see src/db/migrate.ts): no BEGIN/COMMIT here.
-- The same file runs on PostgreSQL (13+, for the built-in gen_random_uuid) and PGlite.
--
-- Deletion policy: rows that cannot outlive their parent cascade (a workspace takes its bots, a bot its
-- conversations, a conversation its messages). References to operators from history (messages, notes,
-- assignments, corrections, promotions) do not cascade: an operator with history cannot be deleted alone,
-- so the audit trail keeps its "who". Those references are DEFERRABLE INITIALLY DEFERRED so that deleting a
-- whole workspace still works: checked immediately, the operator rows would be found still referenced by
-- messages the same cascade has not reached yet; checked at commit, the history is gone too.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- Stored lower-cased so that uniqueness ignores case and ON CONFLICT (email) still works.
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'agent')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operators_workspace_id_idx ON operators (workspace_id);

CREATE TABLE bots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- Identifies the bot to the web widget; not a secret.
  public_key text NOT NULL UNIQUE,
  -- Thresholds, answers per intent with quick replies, fallback texts, allowed widget origins; validated by the server.
  config jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(config) = 'object'),
  active_model_version text NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bots_workspace_id_idx ON bots (workspace_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  -- The first characters of the key, shown to users so they can tell keys apart; the key itself is never stored.
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  label text NOT NULL DEFAULT '',
  daily_quota integer NULL CHECK (daily_quota >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz NULL
);
CREATE INDEX api_keys_bot_id_idx ON api_keys (bot_id);

CREATE TABLE visitors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visitors_bot_id_idx ON visitors (bot_id);

CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  visitor_id uuid NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
  channel text NOT NULL DEFAULT 'web',
  status text NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'waiting', 'assigned', 'closed')),
  -- The seq of the latest message; appending takes the next one under this row's lock (src/db/message-store.ts).
  last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  failure_count integer NOT NULL DEFAULT 0 CHECK (failure_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The operator inbox: a bot's conversations in one status, most recently active first.
CREATE INDEX conversations_bot_status_idx ON conversations (bot_id, status, updated_at DESC);
CREATE INDEX conversations_visitor_id_idx ON conversations (visitor_id);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq bigint NOT NULL CHECK (seq > 0),
  -- Set by the sending client so a retried send is recognised instead of stored twice.
  client_message_id text NULL,
  sender text NOT NULL CHECK (sender IN ('customer', 'bot', 'operator', 'system')),
  operator_id uuid NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED,
  text text NOT NULL,
  -- Quick replies and other structured content.
  payload jsonb NULL,
  intent text NULL,
  confidence real NULL CHECK (confidence BETWEEN 0 AND 1),
  sentiment text NULL,
  sentiment_score real NULL,
  model_version text NULL,
  classify_ms real NULL CHECK (classify_ms >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Also the index behind "messages after seq N" for reconnecting clients.
  CONSTRAINT messages_conversation_seq_key UNIQUE (conversation_id, seq),
  CONSTRAINT messages_conversation_client_message_key UNIQUE (conversation_id, client_message_id),
  CONSTRAINT messages_operator_only_for_operator CHECK (operator_id IS NULL OR sender = 'operator')
);
CREATE INDEX messages_operator_id_idx ON messages (operator_id) WHERE operator_id IS NOT NULL;

CREATE TABLE assignments (
  -- A surrogate key: a release and the next assignment in one transaction share now().
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  operator_id uuid NOT NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz NULL CHECK (released_at >= assigned_at)
);
-- A conversation has at most one operator at a time.
CREATE UNIQUE INDEX assignments_one_open_per_conversation ON assignments (conversation_id) WHERE released_at IS NULL;
CREATE INDEX assignments_open_by_operator_idx ON assignments (operator_id) WHERE released_at IS NULL;

CREATE TABLE notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  operator_id uuid NOT NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_conversation_idx ON notes (conversation_id, created_at);

CREATE TABLE training_examples (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  task text NOT NULL CHECK (task IN ('intent', 'sentiment')),
  text text NOT NULL,
  label text NOT NULL,
  source text NOT NULL CHECK (source IN ('seed', 'correction', 'import')),
  -- The message a correction came from. A curated example outlives the message (retention purges).
  message_id uuid NULL REFERENCES messages (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX training_examples_bot_task_idx ON training_examples (bot_id, task);
CREATE INDEX training_examples_message_id_idx ON training_examples (message_id) WHERE message_id IS NOT NULL;

-- The audit trail of relabelling: who changed which message's label, when, from what to what.
CREATE TABLE label_corrections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  task text NOT NULL CHECK (task IN ('intent', 'sentiment')),
  -- NULL when the message had no label (classification failed or was skipped).
  from_label text NULL,
  to_label text NOT NULL,
  operator_id uuid NOT NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX label_corrections_message_id_idx ON label_corrections (message_id);

CREATE TABLE model_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  version text NOT NULL UNIQUE,
  artifact_dir text NOT NULL,
  metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'live', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  promoted_at timestamptz NULL,
  promoted_by uuid NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED,
  -- Why a model that failed the evaluation gate was promoted anyway.
  override_reason text NULL,
  -- The target of bots' composite reference below (version alone is already unique).
  CONSTRAINT model_versions_bot_version_key UNIQUE (bot_id, version)
);
-- A bot serves at most one live model.
CREATE UNIQUE INDEX model_versions_one_live_per_bot ON model_versions (bot_id) WHERE status = 'live';

-- A bot can only serve a model version that exists and is its own. Unchecked while active_model_version is NULL.
ALTER TABLE bots
  ADD CONSTRAINT bots_active_model_version_fkey FOREIGN KEY (id, active_model_version) REFERENCES model_versions (bot_id, version);

CREATE TABLE training_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  progress jsonb NOT NULL DEFAULT '{}'::jsonb,
  error text NULL,
  model_version text NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz NULL,
  finished_at timestamptz NULL
);
CREATE INDEX training_jobs_bot_idx ON training_jobs (bot_id, created_at DESC);
-- What a training worker polls for.
CREATE INDEX training_jobs_queued_idx ON training_jobs (created_at) WHERE status = 'queued';

CREATE TABLE usage_counters (
  api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  day date NOT NULL,
  calls integer NOT NULL DEFAULT 0 CHECK (calls >= 0),
  messages integer NOT NULL DEFAULT 0 CHECK (messages >= 0),
  PRIMARY KEY (api_key_id, day)
);
