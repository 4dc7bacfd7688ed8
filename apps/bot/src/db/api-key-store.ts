import { hashSecret, newSecret, plausibleSecret } from '../auth/secret-token.ts';
import type { Queryable } from './database.ts';

export interface ApiKey {
  id: string;
  botId: string;
  /** The key's first characters, to tell keys apart in lists; never enough to use it. */
  prefix: string;
  label: string;
  /** Calls allowed per UTC day; null: unlimited. */
  dailyQuota: number | null;
  /** Language model tokens (input plus output) allowed per UTC day; null: unlimited. */
  dailyTokenQuota: number | null;
  createdAt: Date;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  bot_id: string;
  prefix: string;
  label: string;
  daily_quota: number | null;
  daily_token_quota: number | null;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, bot_id, prefix, label, daily_quota, daily_token_quota, created_at, revoked_at';
const PREFIX_LENGTH = 12;

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  botId: row.bot_id,
  prefix: row.prefix,
  label: row.label,
  dailyQuota: row.daily_quota,
  dailyTokenQuota: row.daily_token_quota,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/**
 * Issues an API key for a bot. The key is returned once and stored only hashed. `key` fixes its value (the
 * demo's PARLEY_DEMO_API_KEY); otherwise a random one is made.
 */
export async function createApiKey(
  db: Queryable,
  input: { botId: string; label?: string; dailyQuota?: number | null; dailyTokenQuota?: number | null; key?: string },
): Promise<{ apiKey: ApiKey; key: string }> {
  // sk_ ("secret"), unlike the widget's public pk_ keys, so a key pasted into a page or a log reads as what it is.
  // Keys are found by hash alone, so the pk_ API keys issued before this still work.
  const key = input.key ?? newSecret('sk_');
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (bot_id, prefix, key_hash, label, daily_quota, daily_token_quota)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [input.botId, key.slice(0, PREFIX_LENGTH), hashSecret(key), input.label ?? '', input.dailyQuota ?? null, input.dailyTokenQuota ?? null],
  );
  return { apiKey: toApiKey(rows[0]!), key };
}

/** The live (unrevoked) key with this value; undefined for unknown, revoked or malformed keys. */
export async function findApiKey(db: Queryable, key: unknown): Promise<ApiKey | undefined> {
  if (!plausibleSecret(key)) return undefined;
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [
    hashSecret(key),
  ]);
  return rows[0] && toApiKey(rows[0]);
}

/** Whether a key with this exact value exists (revoked or not), e.g. before re-seeding a fixed demo key. */
export async function apiKeyExists(db: Queryable, key: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM api_keys WHERE key_hash = $1', [hashSecret(key)]);
  return rowCount > 0;
}

export async function listApiKeys(db: Queryable, botId: string): Promise<ApiKey[]> {
  const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE bot_id = $1 ORDER BY created_at`, [botId]);
  return rows.map(toApiKey);
}

export async function revokeApiKey(db: Queryable, botId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND bot_id = $2 AND revoked_at IS NULL', [
    id,
    botId,
  ]);
  return rowCount > 0;
}
