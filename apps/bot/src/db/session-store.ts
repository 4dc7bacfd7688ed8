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

export interface LiveSession {
  operator: Operator;
  /** The session's key in the store (the token's hash), safe to keep and to name rooms by. */
  id: string;
  expiresAt: Date;
}

/** A live session and its operator; undefined for an unknown, expired or malformed token. */
export async function liveSession(db: Queryable, token: unknown): Promise<LiveSession | undefined> {
  if (!plausibleSecret(token)) return undefined;
  return sessionById(db, hashSecret(token));
}

/** The same by the session's id, for a connection that keeps checking the session it was opened with. */
export async function sessionById(db: Queryable, id: string): Promise<LiveSession | undefined> {
  const columns = OPERATOR_COLUMNS.split(', ')
    .map((column) => `o.${column}`)
    .join(', ');
  const { rows } = await db.query<Parameters<typeof toOperator>[0] & { expires_at: Date }>(
    `SELECT ${columns}, s.expires_at FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [id],
  );
  const row = rows[0];
  return row && { operator: toOperator(row), id, expiresAt: row.expires_at };
}

/** The operator of a live session; undefined for an unknown, expired or malformed token. */
export const operatorForSession = async (db: Queryable, token: unknown): Promise<Operator | undefined> =>
  (await liveSession(db, token))?.operator;

/** Ends the token's session; returns its id when there was one, so its open connections can be closed too. */
export async function endSession(db: Queryable, token: unknown): Promise<string | undefined> {
  if (!plausibleSecret(token)) return undefined;
  const { rows } = await db.query<{ token_hash: string }>('DELETE FROM operator_sessions WHERE token_hash = $1 RETURNING token_hash', [
    hashSecret(token),
  ]);
  return rows[0]?.token_hash;
}
