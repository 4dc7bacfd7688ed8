import { randomUUID } from 'node:crypto';
import { hashSecret as hashToken, newSecret, plausibleSecret } from '../auth/secret-token.ts';
import type { Queryable } from './database.ts';

export interface Visitor {
  id: string;
  botId: string;
}

/** A widget visitor as the handshake makes it: its id and token exist, its row not yet (see saveVisitor). */
export interface MintedVisitor {
  visitor: Visitor;
  /** The bearer token its widget keeps; given out once, never stored. */
  token: string;
  tokenHash: string;
}

/** A new anonymous visitor of a bot, in memory only: opening a socket costs no row. */
export function mintVisitor(botId: string): MintedVisitor {
  const token = newSecret();
  return { visitor: { id: randomUUID(), botId }, token, tokenHash: hashToken(token) };
}

/** Stores a minted visitor; storing it again (a second conversation, another socket) does nothing. */
export async function saveVisitor(db: Queryable, minted: Pick<MintedVisitor, 'visitor' | 'tokenHash'>): Promise<void> {
  await db.query('INSERT INTO visitors (id, bot_id, token_hash) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
    minted.visitor.id,
    minted.visitor.botId,
    minted.tokenHash,
  ]);
}

/** A new anonymous visitor of a bot, stored at once, and the bearer token its widget keeps (returned once, stored hashed). */
export async function createVisitor(db: Queryable, botId: string): Promise<{ visitor: Visitor; token: string }> {
  const minted = mintVisitor(botId);
  await saveVisitor(db, minted);
  return { visitor: minted.visitor, token: minted.token };
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

/**
 * Deletes the widget visitors that have no conversation and were last seen more than `idleMs` ago (rows from
 * before visitors were stored lazily, or whose conversations were deleted): their token opens nothing, and a
 * returning widget is simply given a new one. Channel customers are left alone. Returns how many went.
 */
export async function purgeIdleVisitors(db: Queryable, idleMs: number): Promise<number> {
  // One statement with every condition on the deleted row itself: a visitor that reconnects meanwhile (its
  // last_seen_at moves) is rechecked by PostgreSQL under the row lock and kept.
  const { rowCount } = await db.query(
    `DELETE FROM visitors v
     WHERE v.channel_id IS NULL AND v.last_seen_at < now() - make_interval(secs => $1::double precision / 1000)
       AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = v.id)`,
    [idleMs],
  );
  return rowCount;
}

/**
 * The visitor standing for a channel's customer, created on first contact and touched on every later one. One
 * statement, so two events of a new customer arriving at once still make one visitor.
 */
export async function upsertChannelVisitor(
  db: Queryable,
  input: { botId: string; channelId: string; externalId: string; displayName: string | null },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO visitors (bot_id, channel_id, external_id, display_name) VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel_id, external_id) WHERE channel_id IS NOT NULL
     DO UPDATE SET last_seen_at = now(), display_name = COALESCE(EXCLUDED.display_name, visitors.display_name)
     RETURNING id`,
    [input.botId, input.channelId, input.externalId, input.displayName],
  );
  return rows[0]!.id;
}
