-- A bot's language model: the settings it answers with, and what its calls used (pay-per-use metering).

-- One row per bot that answers with a language model; no row: the bot answers extractively.
CREATE TABLE bot_llm_settings (
  bot_id uuid PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
  -- Every setting except the provider key (llmSettingsSchema less apiKey), as validated when stored.
  settings jsonb NOT NULL,
  -- The provider key sealed by the server's SecretBox (AES-256-GCM under PARLEY_SECRETS_KEY, which is not in the
  -- database), so a dump or a backup does not hand it out.
  api_key_sealed jsonb NOT NULL,
  -- The key's last 4 characters, shown so an admin can tell which key is in use; null for keys under 8 characters.
  api_key_hint text NULL,
  -- USD per 1M tokens, overriding the built-in price table; both or neither.
  input_price_per_million double precision NULL CHECK (input_price_per_million >= 0),
  output_price_per_million double precision NULL CHECK (output_price_per_million >= 0),
  daily_token_quota bigint NULL CHECK (daily_token_quota >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((input_price_per_million IS NULL) = (output_price_per_million IS NULL))
);

-- Input plus output language model tokens an API key may use per UTC day; null: unlimited.
ALTER TABLE api_keys ADD COLUMN daily_token_quota bigint NULL CHECK (daily_token_quota >= 0);

-- Language model calls per bot, API key (null: the bot's own conversations), UTC day and model. Tokens are the
-- provider's count; a call whose provider sent none is estimated from characters and counted in
-- estimated_calls as well, so the figures say how much of them is a guess. cost_usd is priced when recorded
-- (the bot's price, else the built-in table), so a later price change does not rewrite a past bill; it turns
-- null for good once a call of the row had no price: unknown, never silently 0.
CREATE TABLE llm_usage (
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  api_key_id uuid NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  day date NOT NULL,
  model text NOT NULL,
  calls integer NOT NULL DEFAULT 0 CHECK (calls >= 0),
  input_tokens bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  estimated_calls integer NOT NULL DEFAULT 0 CHECK (estimated_calls >= 0 AND estimated_calls <= calls),
  cost_usd double precision NULL CHECK (cost_usd >= 0),
  -- NULLS NOT DISTINCT: the conversations' row (no key) is one row per day and model too, so upserts meet it.
  CONSTRAINT llm_usage_key UNIQUE NULLS NOT DISTINCT (bot_id, day, api_key_id, model)
);
-- A key's days (its usage and its quota); the bot's are served by the unique index.
CREATE INDEX llm_usage_api_key_idx ON llm_usage (api_key_id, day) WHERE api_key_id IS NOT NULL;
