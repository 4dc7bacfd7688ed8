import type { BotMessagePayload } from '../conversation/stored-payloads.ts';
import type { Queryable } from './database.ts';
import type { Message } from './message.ts';

/** Channel conversations of enabled channels with events past their delivered_seq, least recently active first. */
export async function conversationsAwaitingDelivery(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM conversations c JOIN channels ch ON ch.id = c.channel_id
     WHERE ch.enabled AND c.last_seq > c.delivered_seq ORDER BY c.updated_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}

export interface DeliveryTarget {
  channelId: string | null;
  channelAddress: string | null;
  deliveredSeq: number;
}

/** Where a conversation's messages go and how far delivery has got; undefined for an unknown conversation. */
export async function findDeliveryTarget(db: Queryable, conversationId: string): Promise<DeliveryTarget | undefined> {
  const { rows } = await db.query<{ channel_id: string | null; channel_address: string | null; delivered_seq: number }>(
    'SELECT channel_id, channel_address, delivered_seq FROM conversations WHERE id = $1',
    [conversationId],
  );
  const row = rows[0];
  return row && { channelId: row.channel_id, channelAddress: row.channel_address, deliveredSeq: row.delivered_seq };
}

export interface DeliveryCandidate {
  id: string;
  seq: number;
  kind: Message['kind'];
  sender: Message['sender'];
  text: string;
  payload: BotMessagePayload | null;
  /** Whether a delivery (sent or permanently failed) is recorded for it already. */
  delivered: boolean;
}

/** The conversation's events after `afterSeq`, in order, at most `limit`, each with whether it was delivered. */
export async function eventsAfter(db: Queryable, conversationId: string, afterSeq: number, limit: number): Promise<DeliveryCandidate[]> {
  const { rows } = await db.query<DeliveryCandidate>(
    `SELECT m.id, m.seq, m.kind, m.sender, m.text, m.payload, d.message_id IS NOT NULL AS delivered
     FROM messages m LEFT JOIN channel_deliveries d ON d.message_id = m.id
     WHERE m.conversation_id = $1 AND m.seq > $2
     ORDER BY m.seq LIMIT $3`,
    [conversationId, afterSeq, limit],
  );
  return rows;
}

/** Moves the conversation's delivery watermark forward to `seq` (never back). */
export async function advanceDeliveredSeq(db: Queryable, conversationId: string, seq: number): Promise<void> {
  await db.query('UPDATE conversations SET delivered_seq = $2 WHERE id = $1 AND delivered_seq < $2', [conversationId, seq]);
}

/** Records the outcome of sending one message to its channel; a message's first record stands. */
export async function recordDelivery(
  db: Queryable,
  input: {
    messageId: string;
    channelId: string;
    status: 'sent' | 'failed';
    attempts: number;
    providerMessageId: string | null;
    error: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO channel_deliveries (message_id, channel_id, status, attempts, provider_message_id, error)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING`,
    [input.messageId, input.channelId, input.status, Math.max(1, input.attempts), input.providerMessageId, input.error],
  );
}
