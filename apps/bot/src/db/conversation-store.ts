import type { ConversationStatus } from '@parley/protocol';
import type { Queryable } from './database.ts';

export interface Conversation {
  id: string;
  botId: string;
  visitorId: string;
  channel: string;
  status: ConversationStatus;
  lastSeq: number;
  failureCount: number;
}

interface ConversationRow {
  id: string;
  bot_id: string;
  visitor_id: string;
  channel: string;
  status: ConversationStatus;
  last_seq: number;
  failure_count: number;
}

const COLUMNS = 'id, bot_id, visitor_id, channel, status, last_seq, failure_count';

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  botId: row.bot_id,
  visitorId: row.visitor_id,
  channel: row.channel,
  status: row.status,
  lastSeq: row.last_seq,
  failureCount: row.failure_count,
});

export async function openConversation(
  db: Queryable,
  input: { botId: string; visitorId: string; channel?: string; channelId?: string; channelAddress?: string },
): Promise<Conversation> {
  const { rows } = await db.query<ConversationRow>(
    `INSERT INTO conversations (bot_id, visitor_id, channel, channel_id, channel_address) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [input.botId, input.visitorId, input.channel ?? 'web', input.channelId ?? null, input.channelAddress ?? null],
  );
  return toConversation(rows[0]!);
}

/** Points a channel conversation's replies at `address`, unless they already go there. */
export async function setChannelAddress(db: Queryable, conversationId: string, address: string): Promise<void> {
  await db.query('UPDATE conversations SET channel_address = $2 WHERE id = $1 AND channel_address IS DISTINCT FROM $2', [
    conversationId,
    address,
  ]);
}

/**
 * Moves a read watermark forward (never back, never past the last message) and returns the new value, or
 * undefined when nothing changed. 'customer' is how far the customer has read; 'agent' how far the operators have.
 */
export async function advanceReadSeq(
  db: Queryable,
  conversationId: string,
  side: 'customer' | 'agent',
  upToSeq: number,
): Promise<number | undefined> {
  const column = side === 'customer' ? 'customer_read_seq' : 'agent_read_seq';
  const { rows } = await db.query<{ seq: number }>(
    `UPDATE conversations SET ${column} = LEAST($2, last_seq) WHERE id = $1 AND ${column} < LEAST($2, last_seq) RETURNING ${column} AS seq`,
    [conversationId, upToSeq],
  );
  return rows[0]?.seq;
}

/** Writes a conversation's new status, failure count and handoff reason, inside the caller's transaction. */
export async function writeConversationStatus(
  tx: Queryable,
  conversationId: string,
  state: { status: ConversationStatus; failureCount: number; handoffReason: string | null },
): Promise<void> {
  await tx.query(`UPDATE conversations SET status = $2, failure_count = $3, handoff_reason = $4, updated_at = now() WHERE id = $1`, [
    conversationId,
    state.status,
    state.failureCount,
    state.handoffReason,
  ]);
}
