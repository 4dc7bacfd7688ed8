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
