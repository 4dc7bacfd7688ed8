import type { ConversationStatus } from '@parley/protocol';
import type { Queryable } from './database.ts';
import { UnknownConversationError } from './errors.ts';

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

/**
 * A conversation as its visitor may see it. Someone else's conversation is reported exactly like a missing
 * one, so ids cannot be probed.
 */
export async function conversationForVisitor(db: Queryable, conversationId: string, visitorId: string): Promise<Conversation> {
  const { rows } = await db.query<ConversationRow>(`SELECT ${COLUMNS} FROM conversations WHERE id = $1 AND visitor_id = $2`, [
    conversationId,
    visitorId,
  ]);
  if (!rows[0]) throw new UnknownConversationError(conversationId);
  return toConversation(rows[0]);
}

/** Writes back what the engine decided for a turn: the status and the consecutive-failure count. */
export async function updateConversationState(
  db: Queryable,
  conversationId: string,
  state: { status: ConversationStatus; failureCount: number },
): Promise<Conversation> {
  const { rows } = await db.query<ConversationRow>(
    `UPDATE conversations SET status = $2, failure_count = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [conversationId, state.status, state.failureCount],
  );
  if (!rows[0]) throw new UnknownConversationError(conversationId);
  return toConversation(rows[0]);
}
