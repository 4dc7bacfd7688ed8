import type { Queryable } from './database.ts';

/** One language model call as metered. */
export interface LlmCallUsage {
  botId: string;
  /** Null: the bot's own conversations (no API key). */
  apiKeyId: string | null;
  day: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** The provider sent no usage: the tokens are an estimate. */
  estimated: boolean;
  /** USD; null when the model has no price. */
  costUsd: number | null;
}

/** One day and model of a bot's calls. */
export interface LlmUsageRow {
  day: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  estimatedCalls: number;
  costUsd: number | null;
}

/** One day of an API key's calls, every model together. */
export interface KeyLlmDay {
  day: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/**
 * Adds one call to its (bot, key, day, model) row in one statement: concurrent calls each add their own figures
 * under the row lock, so none is lost. A call without a price makes the row's cost null (unknown) for good.
 */
export async function recordLlmCall(db: Queryable, call: LlmCallUsage): Promise<void> {
  await db.query(
    `INSERT INTO llm_usage AS u (bot_id, api_key_id, day, model, calls, input_tokens, output_tokens, estimated_calls, cost_usd)
     VALUES ($1, $2, $3::date, $4, 1, $5, $6, $7, $8)
     ON CONFLICT ON CONSTRAINT llm_usage_key DO UPDATE SET
       calls = u.calls + 1,
       input_tokens = u.input_tokens + EXCLUDED.input_tokens,
       output_tokens = u.output_tokens + EXCLUDED.output_tokens,
       estimated_calls = u.estimated_calls + EXCLUDED.estimated_calls,
       cost_usd = u.cost_usd + EXCLUDED.cost_usd`,
    [call.botId, call.apiKeyId, call.day, call.model, call.inputTokens, call.outputTokens, call.estimated ? 1 : 0, call.costUsd],
  );
}

/** Tokens used on `day` and the daily token quotas in force, for the bot and (given one) the API key. */
export async function tokenQuotaUse(
  db: Queryable,
  input: { botId: string; apiKeyId: string | null; day: string },
): Promise<{ botQuota: number | null; botUsed: number; keyQuota: number | null; keyUsed: number }> {
  const { rows } = await db.query<{ bot_quota: number | null; bot_used: number; key_quota: number | null; key_used: number }>(
    `SELECT
       (SELECT daily_token_quota FROM bot_llm_settings WHERE bot_id = $1) AS bot_quota,
       (SELECT coalesce(sum(input_tokens + output_tokens), 0)::bigint FROM llm_usage WHERE bot_id = $1 AND day = $2::date) AS bot_used,
       (SELECT daily_token_quota FROM api_keys WHERE id = $3::uuid) AS key_quota,
       (SELECT coalesce(sum(input_tokens + output_tokens), 0)::bigint FROM llm_usage
         WHERE $3::uuid IS NOT NULL AND api_key_id = $3::uuid AND day = $2::date) AS key_used`,
    [input.botId, input.day, input.apiKeyId],
  );
  const row = rows[0]!;
  return { botQuota: row.bot_quota, botUsed: row.bot_used, keyQuota: row.key_quota, keyUsed: row.key_used };
}

/** The bot's calls from `from` to `to` (inclusive), every key and its conversations together, by day then model. */
export async function llmUsageOfBot(db: Queryable, botId: string, from: string, to: string): Promise<LlmUsageRow[]> {
  const { rows } = await db.query<LlmUsageRow>(
    `SELECT day, model, sum(calls)::bigint AS "calls", sum(input_tokens)::bigint AS "inputTokens",
       sum(output_tokens)::bigint AS "outputTokens", sum(estimated_calls)::bigint AS "estimatedCalls",
       CASE WHEN bool_or(cost_usd IS NULL) THEN NULL ELSE sum(cost_usd) END AS "costUsd"
     FROM llm_usage WHERE bot_id = $1 AND day BETWEEN $2::date AND $3::date
     GROUP BY day, model ORDER BY day, model`,
    [botId, from, to],
  );
  return rows;
}

/** The calls of `apiKeyIds` from `from` to `to` (inclusive), by key and day; days without calls have no entry. */
export async function llmUsageOfKeys(
  db: Queryable,
  apiKeyIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, KeyLlmDay[]>> {
  const byKey = new Map<string, KeyLlmDay[]>(apiKeyIds.map((id) => [id, []]));
  if (apiKeyIds.length === 0) return byKey;
  const { rows } = await db.query<KeyLlmDay & { api_key_id: string }>(
    `SELECT api_key_id, day, sum(input_tokens)::bigint AS "inputTokens", sum(output_tokens)::bigint AS "outputTokens",
       CASE WHEN bool_or(cost_usd IS NULL) THEN NULL ELSE sum(cost_usd) END AS "costUsd"
     FROM llm_usage WHERE api_key_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date
     GROUP BY api_key_id, day ORDER BY day`,
    [apiKeyIds, from, to],
  );
  for (const { api_key_id: id, ...usage } of rows) byKey.get(id)?.push(usage);
  return byKey;
}
