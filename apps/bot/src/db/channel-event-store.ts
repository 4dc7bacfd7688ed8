import type { InboundMessage } from '@parley/connectors';
import { toStorableText } from '@parley/protocol';
import type { Queryable } from './database.ts';

/** A stored inbound event; `message.sentAt` comes back as an ISO string from JSON. */
export interface InboundEvent {
  channelId: string;
  eventId: string;
  message: InboundMessage;
  attempts: number;
  conversationId: string | null;
}

interface EventRow {
  channel_id: string;
  event_id: string;
  message: InboundMessage;
  attempts: number;
  conversation_id: string | null;
}

const toEvent = (row: EventRow): InboundEvent => ({
  channelId: row.channel_id,
  eventId: row.event_id,
  message: row.message,
  attempts: row.attempts,
  conversationId: row.conversation_id,
});

/**
 * Stores what a provider delivered, before it is answered; returns only the events not seen before, so a
 * redelivery or a replayed request is recorded once and processed once.
 */
export async function recordInboundEvents(db: Queryable, channelId: string, messages: readonly InboundMessage[]): Promise<InboundEvent[]> {
  if (messages.length === 0) return [];
  const { rows } = await db.query<EventRow>(
    `INSERT INTO channel_events (channel_id, event_id, message)
     SELECT $1, e ->> 'eventId', e FROM jsonb_array_elements($2::jsonb) AS e
     ON CONFLICT (channel_id, event_id) DO NOTHING
     RETURNING channel_id, event_id, message, attempts, conversation_id`,
    [channelId, JSON.stringify(messages, storable)],
  );
  return rows.map(toEvent);
}

/**
 * jsonb cannot hold U+0000 or an unpaired surrogate, and a provider's event that fails to store is redelivered
 * forever (Telegram in order, stalling the chat behind it). The provider's text is not ours to refuse, so such a
 * character becomes U+FFFD.
 */
const storable = (_key: string, value: unknown): unknown => (typeof value === 'string' ? toStorableText(value) : value);

/** Events still to process, oldest first: left by a crash or waiting for a retry. */
export async function pendingInboundEvents(db: Queryable, limit: number): Promise<InboundEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT channel_id, event_id, message, attempts, conversation_id FROM channel_events
     WHERE status = 'pending' ORDER BY received_at, event_id LIMIT $1`,
    [limit],
  );
  return rows.map(toEvent);
}

/** One channel customer's pending events, in arrival order: what a queued inbound job processes. */
export async function pendingInboundEventsOf(db: Queryable, channelId: string, userId: string, limit: number): Promise<InboundEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT channel_id, event_id, message, attempts, conversation_id FROM channel_events
     WHERE status = 'pending' AND channel_id = $1 AND message->>'userId' = $2 ORDER BY received_at, event_id LIMIT $3`,
    [channelId, userId, limit],
  );
  return rows.map(toEvent);
}

export async function pinEventConversation(db: Queryable, event: InboundEvent, conversationId: string): Promise<void> {
  await db.query('UPDATE channel_events SET conversation_id = $3 WHERE channel_id = $1 AND event_id = $2', [
    event.channelId,
    event.eventId,
    conversationId,
  ]);
}

export async function finishInboundEvent(
  db: Queryable,
  event: InboundEvent,
  outcome: { status: 'done' } | { status: 'pending' | 'failed'; error: string },
): Promise<void> {
  await db.query(
    `UPDATE channel_events SET status = $3, attempts = attempts + 1, error = $4,
       processed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
     WHERE channel_id = $1 AND event_id = $2`,
    [event.channelId, event.eventId, outcome.status, 'error' in outcome ? outcome.error.slice(0, 500) : null],
  );
}
