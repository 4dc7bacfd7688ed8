import type { InboundMessage } from '@parley/connectors';
import { LIMITS } from '@parley/protocol';
import { openConversation } from '../db/conversation-store.ts';
import type { Queryable } from '../db/database.ts';
import { findConversationRecord, openConversationOfVisitor, type ConversationRecord } from '../conversation/conversation-record.ts';
import type { ChannelRecord } from './channel-store.ts';

/**
 * The visitor standing for this customer of the channel, created on first contact. One statement, so two
 * events of a new customer arriving at once still make one visitor.
 */
export async function channelVisitor(db: Queryable, channel: ChannelRecord, message: InboundMessage): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO visitors (bot_id, channel_id, external_id, display_name) VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel_id, external_id) WHERE channel_id IS NOT NULL
     DO UPDATE SET last_seen_at = now(), display_name = COALESCE(EXCLUDED.display_name, visitors.display_name)
     RETURNING id`,
    [channel.botId, channel.id, message.userId, message.displayName?.slice(0, LIMITS.label) ?? null],
  );
  return rows[0]!.id;
}

/**
 * The conversation a channel message belongs to: the customer's open one, else a new one on this channel.
 * The reply address is refreshed, since a provider may move a customer (a Slack DM reopened elsewhere).
 */
export async function channelConversation(
  db: Queryable,
  channel: ChannelRecord,
  visitorId: string,
  address: string,
): Promise<ConversationRecord> {
  const open = await openConversationOfVisitor(db, visitorId);
  if (open) {
    await db.query('UPDATE conversations SET channel_address = $2 WHERE id = $1 AND channel_address IS DISTINCT FROM $2', [
      open.id,
      address,
    ]);
    return open;
  }
  const opened = await openConversation(db, {
    botId: channel.botId,
    visitorId,
    channel: channel.kind,
    channelId: channel.id,
    channelAddress: address,
  });
  return (await findConversationRecord(db, opened.id))!;
}

/** The latest bot message of the conversation that offered this quick-reply value, to credit the press to. */
export async function messageOfferingValue(db: Queryable, conversationId: string, value: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM messages WHERE conversation_id = $1 AND sender = 'bot' AND kind = 'message'
       AND payload -> 'quickReplies' @> jsonb_build_array(jsonb_build_object('value', $2::text))
     ORDER BY seq DESC LIMIT 1`,
    [conversationId, value],
  );
  return rows[0]?.id;
}
