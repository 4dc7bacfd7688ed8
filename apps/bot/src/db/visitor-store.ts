import { hashSecret as hashToken, newSecret, plausibleSecret } from '../auth/secret-token.ts';
import type { Queryable } from './database.ts';

export interface Visitor {
  id: string;
  botId: string;
}

/** A new anonymous visitor of a bot and the bearer token its widget keeps (returned once, stored hashed). */
export async function createVisitor(db: Queryable, botId: string): Promise<{ visitor: Visitor; token: string }> {
  const token = newSecret();
  const { rows } = await db.query<{ id: string }>('INSERT INTO visitors (bot_id, token_hash) VALUES ($1, $2) RETURNING id', [
    botId,
    hashToken(token),
  ]);
  return { visitor: { id: rows[0]!.id, botId }, token };
}

/** The visitor a token belongs to, on this bot only; undefined for an unknown or foreign token. */
export async function findVisitor(db: Queryable, botId: string, token: string): Promise<Visitor | undefined> {
  if (!plausibleSecret(token)) return undefined;
  const { rows } = await db.query<{ id: string }>(
    'UPDATE visitors SET last_seen_at = now() WHERE bot_id = $1 AND token_hash = $2 RETURNING id',
    [botId, hashToken(token)],
  );
  return rows[0] ? { id: rows[0].id, botId } : undefined;
}
