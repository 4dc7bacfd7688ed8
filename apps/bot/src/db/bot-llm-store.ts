import type { Queryable } from './database.ts';

/** A bot's stored language model settings, the key still sealed. */
export interface StoredBotLlm {
  botId: string;
  /** Every setting except the key, as validated when stored. */
  settings: Record<string, unknown>;
  /** The SecretBox's sealed form of `{ apiKey }`. */
  apiKeySealed: unknown;
  apiKeyHint: string | null;
  /** USD per 1M tokens; null: the built-in price table. */
  price: { inputPerMillion: number; outputPerMillion: number } | null;
  dailyTokenQuota: number | null;
  updatedAt: Date;
}

interface BotLlmRow {
  bot_id: string;
  settings: Record<string, unknown>;
  api_key_sealed: unknown;
  api_key_hint: string | null;
  input_price_per_million: number | null;
  output_price_per_million: number | null;
  daily_token_quota: number | null;
  updated_at: Date;
}

const COLUMNS =
  'bot_id, settings, api_key_sealed, api_key_hint, input_price_per_million, output_price_per_million, daily_token_quota, updated_at';

const toStored = (row: BotLlmRow): StoredBotLlm => ({
  botId: row.bot_id,
  settings: row.settings,
  apiKeySealed: row.api_key_sealed,
  apiKeyHint: row.api_key_hint,
  price:
    row.input_price_per_million === null || row.output_price_per_million === null
      ? null
      : { inputPerMillion: row.input_price_per_million, outputPerMillion: row.output_price_per_million },
  dailyTokenQuota: row.daily_token_quota,
  updatedAt: row.updated_at,
});

export async function findBotLlm(db: Queryable, botId: string): Promise<StoredBotLlm | undefined> {
  const { rows } = await db.query<BotLlmRow>(`SELECT ${COLUMNS} FROM bot_llm_settings WHERE bot_id = $1`, [botId]);
  return rows[0] && toStored(rows[0]);
}

/** Stores the bot's settings, replacing any it had; `apiKeySealed` undefined keeps the stored key (and its hint). */
export async function saveBotLlm(
  db: Queryable,
  input: Omit<StoredBotLlm, 'updatedAt' | 'apiKeySealed' | 'apiKeyHint'> & { apiKeySealed?: unknown; apiKeyHint?: string | null },
): Promise<StoredBotLlm | undefined> {
  const values = [
    input.botId,
    JSON.stringify(input.settings),
    input.price?.inputPerMillion ?? null,
    input.price?.outputPerMillion ?? null,
    input.dailyTokenQuota,
  ];
  if (input.apiKeySealed === undefined) {
    // Keeping the key needs a row to keep it from: none, and nothing is stored (the caller asks for a key).
    const { rows } = await db.query<BotLlmRow>(
      `UPDATE bot_llm_settings SET settings = $2::jsonb, input_price_per_million = $3, output_price_per_million = $4,
         daily_token_quota = $5, updated_at = now()
       WHERE bot_id = $1 RETURNING ${COLUMNS}`,
      values,
    );
    return rows[0] && toStored(rows[0]);
  }
  const { rows } = await db.query<BotLlmRow>(
    `INSERT INTO bot_llm_settings AS s
       (bot_id, settings, input_price_per_million, output_price_per_million, daily_token_quota, api_key_sealed, api_key_hint)
     VALUES ($1, $2::jsonb, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (bot_id) DO UPDATE SET settings = EXCLUDED.settings, input_price_per_million = EXCLUDED.input_price_per_million,
       output_price_per_million = EXCLUDED.output_price_per_million, daily_token_quota = EXCLUDED.daily_token_quota,
       api_key_sealed = EXCLUDED.api_key_sealed, api_key_hint = EXCLUDED.api_key_hint, updated_at = now()
     RETURNING ${COLUMNS}`,
    [...values, JSON.stringify(input.apiKeySealed), input.apiKeyHint ?? null],
  );
  return toStored(rows[0]!);
}

/** Removes the bot's settings; false when it had none. */
export async function deleteBotLlm(db: Queryable, botId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM bot_llm_settings WHERE bot_id = $1', [botId]);
  return rowCount > 0;
}
