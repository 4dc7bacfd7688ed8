import type { InboundMessage } from '@parley/connectors';
import { LIMITS } from '@parley/protocol';
import type { ChannelRecord } from '../db/channel-store.ts';
import { findConversationRecord, openConversationOfVisitor, type ConversationRecord } from '../db/conversation-record-store.ts';
import { openConversation, setChannelAddress } from '../db/conversation-store.ts';
import type { Queryable } from '../db/database.ts';
import { upsertChannelVisitor } from '../db/visitor-store.ts';

/**
 * The visitor standing for this customer of the channel, created on first contact. One statement, so two
 * events of a new customer arriving at once still make one visitor.
 */
export function channelVisitor(db: Queryable, channel: ChannelRecord, message: InboundMessage): Promise<string> {
  return upsertChannelVisitor(db, {
    botId: channel.botId,
    channelId: channel.id,
    externalId: message.userId,
    displayName: message.displayName?.slice(0, LIMITS.label) ?? null,
  });
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
    await setChannelAddress(db, open.id, address);
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
