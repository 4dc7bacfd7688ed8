import { LIMITS, type HandoffResult, type JoinConversation, type JoinResult } from '@parley/protocol';
import type { AppContext } from '../app/context.ts';
import { findConversationRecord, openConversationOfVisitor, type ConversationRecord } from '../db/conversation-record-store.ts';
import { advanceReadSeq, openConversation } from '../db/conversation-store.ts';
import { appendAnswer, messagesSince } from '../db/message-store.ts';
import { saveVisitor } from '../db/visitor-store.ts';
import { conflict, notFound } from './action-error.ts';
import { replyEvent, statusEvent, visitorConversation, type CustomerIdentity } from './customer-turn.ts';
import { customerEvent, operatorIdsOf } from './event-views.ts';

/**
 * Opens the widget's conversation: the one named (if it is this visitor's), else the visitor's open one, else a
 * new one; then replays what the customer has not seen after `lastSeq`, a page at a time. `subscribe` runs
 * before the replay is read, so an event logged in between arrives live (and maybe in the replay too: clients
 * dedupe by seq) instead of falling between the two. A visitor its handshake only minted is stored with its
 * first conversation: the one place a widget visitor starts to need a row (every other event names a conversation).
 */
export async function joinConversation(
  ctx: AppContext,
  who: CustomerIdentity,
  input: JoinConversation,
  subscribe: (conversationId: string) => Promise<void> | void,
): Promise<JoinResult> {
  let record: ConversationRecord | undefined;
  if (input.conversationId) record = await visitorConversation(ctx, who, input.conversationId);
  else {
    record = await openConversationOfVisitor(ctx.db, who.visitorId);
    if (!record) {
      if (who.unsavedTokenHash)
        await saveVisitor(ctx.db, { visitor: { id: who.visitorId, botId: who.botId }, tokenHash: who.unsavedTokenHash });
      const opened = await openConversation(ctx.db, { botId: who.botId, visitorId: who.visitorId });
      record = (await findConversationRecord(ctx.db, opened.id))!;
    }
  }
  await subscribe(record.id);
  const page = await messagesSince(ctx.db, record.id, input.lastSeq, LIMITS.replayPage + 1, { customerView: true });
  const shown = page.slice(0, LIMITS.replayPage);
  const refs = await ctx.names.refs(operatorIdsOf(shown));
  return {
    conversationId: record.id,
    status: record.status,
    events: shown.flatMap((m) => customerEvent(m, refs) ?? []),
    hasMore: page.length > LIMITS.replayPage,
    readUpToSeq: record.agentReadSeq,
  };
}

/** The customer pressed "talk to a person": the conversation waits for an operator, who are all notified. */
export function requestHandoff(ctx: AppContext, who: CustomerIdentity, conversationId: string): Promise<HandoffResult> {
  return ctx.serial.run(conversationId, async () => {
    const record = await visitorConversation(ctx, who, conversationId);
    if (record.status === 'waiting' || record.status === 'assigned') return { status: record.status };
    if (record.status === 'closed') throw conflict('the conversation is closed; send a message to reopen it');
    const loaded = await ctx.bots.get(record.botId);
    if (!loaded) throw notFound('bot');
    const events = await appendAnswer(
      ctx.db,
      record.id,
      [replyEvent({ text: loaded.config.texts.handoff }), statusEvent('waiting', 'customer_request', 'customer')],
      { status: 'waiting', failureCount: 0, handoffReason: 'customer_request' },
    );
    await ctx.publisher.publish(record, events);
    await ctx.publisher.handoffRequested(record, 'customer_request');
    return { status: 'waiting' };
  });
}

/**
 * Moves a read watermark forward (never back) and returns the new value, or undefined when nothing changed.
 * 'customer' is how far the customer has read; 'agent' how far the operators have.
 */
export function markRead(ctx: AppContext, record: ConversationRecord, side: 'customer' | 'agent', upToSeq: number) {
  return advanceReadSeq(ctx.db, record.id, side, upToSeq);
}
