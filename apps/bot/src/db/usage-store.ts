import type { Queryable } from './database.ts';

export interface DailyUsage {
  day: string;
  calls: number;
  messages: number;
}

/**
 * Counts one call of `messages` texts against the key's `day`, unless that would take the day past `dailyQuota`
 * (null: no quota); returns the day's counters after the call, or undefined when the quota is spent (nothing
 * counted).
 *
 * One statement, so concurrent calls cannot overshoot: the first call of a day inserts the row (under the
 * unique key, a racing insert turns into the update), and every later one updates it under its row lock, with
 * the quota re-checked against the latest committed counters (Postgres re-evaluates ON CONFLICT's WHERE on the
 * locked row). Refused calls are not counted, so a client hammering a spent quota does not inflate its usage.
 */
export async function countCall(
  db: Queryable,
  input: { apiKeyId: string; dailyQuota: number | null; messages: number; day: string },
): Promise<DailyUsage | undefined> {
  const { rows } = await db.query<DailyUsage>(
    `INSERT INTO usage_counters AS u (api_key_id, day, calls, messages)
       SELECT $1, $2::date, 1, $3 WHERE $4::integer IS NULL OR $4::integer > 0
     ON CONFLICT (api_key_id, day) DO UPDATE SET calls = u.calls + 1, messages = u.messages + EXCLUDED.messages
       WHERE $4::integer IS NULL OR u.calls < $4::integer
     RETURNING u.day, u.calls, u.messages`,
    [input.apiKeyId, input.day, input.messages, input.dailyQuota],
  );
  return rows[0];
}

/** The counters of `apiKeyIds` from `from` to `to` (inclusive), by key; days without calls have no row. */
export async function usageOfKeys(
  db: Queryable,
  apiKeyIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, DailyUsage[]>> {
  const byKey = new Map<string, DailyUsage[]>(apiKeyIds.map((id) => [id, []]));
  if (apiKeyIds.length === 0) return byKey;
  const { rows } = await db.query<DailyUsage & { api_key_id: string }>(
    `SELECT api_key_id, day, calls, messages FROM usage_counters
     WHERE api_key_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date ORDER BY day`,
    [apiKeyIds, from, to],
  );
  for (const { api_key_id: id, ...usage } of rows) byKey.get(id)?.push(usage);
  return byKey;
}
