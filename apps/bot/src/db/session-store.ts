import { hashSecret, newSecret, plausibleSecret } from '../auth/secret-token.ts';
import type { Queryable } from './database.ts';
import { OPERATOR_COLUMNS, toOperator, type Operator } from './operator-store.ts';

/** How long an operator stays logged in without logging in again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Starts a session for an operator; the token is returned once and stored only hashed. */
export async function createSession(
  db: Queryable,
  operatorId: string,
  ttlMs = SESSION_TTL_MS,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret('ps_');
  const { rows } = await db.query<{ expires_at: Date }>(
    `INSERT INTO operator_sessions (operator_id, token_hash, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     RETURNING expires_at`,
    [operatorId, hashSecret(token), ttlMs],
  );
  return { token, expiresAt: rows[0]!.expires_at };
}

/** The operator of a live session; undefined for an unknown, expired or malformed token. */
export async function operatorForSession(db: Queryable, token: unknown): Promise<Operator | undefined> {
  if (!plausibleSecret(token)) return undefined;
  const columns = OPERATOR_COLUMNS.split(', ')
    .map((column) => `o.${column}`)
    .join(', ');
  const { rows } = await db.query<Parameters<typeof toOperator>[0]>(
    `SELECT ${columns} FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashSecret(token)],
  );
  return rows[0] && toOperator(rows[0]);
}

export async function endSession(db: Queryable, token: unknown): Promise<void> {
  if (!plausibleSecret(token)) return;
  await db.query('DELETE FROM operator_sessions WHERE token_hash = $1', [hashSecret(token)]);
}
