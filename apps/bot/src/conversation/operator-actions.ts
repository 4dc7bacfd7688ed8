import type {
  AssignConversation,
  ConversationResult,
  CorrectionResult,
  CorrectMessage,
  SendResult,
  SendText,
  SubscribeInbox,
  WatchConversation,
  WatchResult,
} from '@parley/protocol';
import { LIMITS } from '@parley/protocol';
import type { AppContext } from '../app/context.ts';
import { findConversationRecord, type ConversationRecord } from '../db/conversation-record-store.ts';
import { replaceCorrectionExample } from '../db/example-store.ts';
import { recordLabelCorrection } from '../db/label-correction-store.ts';
import { appendEvent, appendMessage, findByClientMessageId, findCustomerMessage, messagesSince } from '../db/message-store.ts';
import type { Message } from '../db/message.ts';
import { isWorkspaceOperator, type Operator } from '../db/operator-store.ts';
import { conflict, notFound } from './action-error.ts';
import { changeStatus, type StatusChange } from './conversation-record.ts';
import { operatorEvent, operatorIdsOf } from './event-views.ts';
import type { CorrectionPayload } from './stored-payloads.ts';
import { conversationSummary, listSummaries, type InboxFilter } from './summaries.ts';

/** A conversation of the operator's workspace; one of another workspace is reported exactly like a missing one. */
export async function operatorConversation(ctx: AppContext, operator: Operator, conversationId: string): Promise<ConversationRecord> {
  const record = await findConversationRecord(ctx.db, conversationId);
  if (!record || record.workspaceId !== operator.workspaceId) throw notFound('conversation');
  return record;
}

const isMine = (record: ConversationRecord, operator: Operator) => record.assigneeId === operator.id;

/** Agents act only on conversations nobody else holds; admins may step in anywhere. */
function ensureNotHeldByOther(record: ConversationRecord, operator: Operator): void {
  if (record.status === 'assigned' && !isMine(record, operator) && operator.role !== 'admin')
    throw conflict('another operator has this conversation');
}

export function inboxFilter(operator: Operator, subscription: SubscribeInbox): InboxFilter {
  return { statuses: subscription.statuses, assigneeId: subscription.mine ? operator.id : undefined };
}

export async function listInbox(ctx: AppContext, operator: Operator, filter: InboxFilter) {
  return listSummaries(ctx.db, ctx.names, operator.workspaceId, filter);
}

/**
 * The conversation and every operator-visible event after `lastSeq`, a page at a time. `subscribe` runs before
 * the replay is read, so nothing logged in between is missed (see joinConversation).
 */
export async function watchConversation(
  ctx: AppContext,
  operator: Operator,
  input: WatchConversation,
  subscribe: () => Promise<void> | void = () => undefined,
): Promise<WatchResult> {
  const record = await operatorConversation(ctx, operator, input.conversationId);
  await subscribe();
  const { events, hasMore } = await replay(ctx, record.id, input.lastSeq);
  return { conversation: await conversationSummary(ctx.db, ctx.names, record.id), events, hasMore, readUpToSeq: record.customerReadSeq };
}

async function replay(ctx: AppContext, conversationId: string, lastSeq: number) {
  const page = await messagesSince(ctx.db, conversationId, lastSeq, LIMITS.replayPage + 1);
  const shown = page.slice(0, LIMITS.replayPage);
  const refs = await ctx.names.refs(operatorIdsOf(shown));
  return { events: shown.map((m) => operatorEvent(m, refs)), hasMore: page.length > LIMITS.replayPage };
}

/**
 * Changes status in the conversation's lane, publishes the logged change and returns the updated summary.
 * `check` runs on the fresh record inside the lane and returns undefined when there is nothing to change.
 */
async function transition(
  ctx: AppContext,
  operator: Operator,
  conversationId: string,
  check: (record: ConversationRecord) => StatusChange | undefined,
): Promise<ConversationResult> {
  return ctx.serial.run(conversationId, async () => {
    const record = await operatorConversation(ctx, operator, conversationId);
    const change = check(record);
    if (change) {
      const event = await ctx.db.transaction((tx) => changeStatus(tx, record, change));
      await ctx.publisher.publish(record, [event]);
    }
    return { conversation: await conversationSummary(ctx.db, ctx.names, record.id) };
  });
}

const byOperator = (operator: Operator) => ({ sender: 'operator' as const, operatorId: operator.id });

/** The operator answers from now on; the bot is muted until hand-back. Idempotent for the current assignee. */
export function takeOver(ctx: AppContext, operator: Operator, conversationId: string): Promise<ConversationResult> {
  return transition(ctx, operator, conversationId, (record) => {
    if (record.status === 'closed') throw conflict('the conversation is closed');
    ensureNotHeldByOther(record, operator);
    if (isMine(record, operator)) return undefined;
    return { status: 'assigned', assigneeId: operator.id, ...byOperator(operator) };
  });
}

/** The bot answers again, with a clean failure count. */
export function handBack(ctx: AppContext, operator: Operator, conversationId: string): Promise<ConversationResult> {
  return transition(ctx, operator, conversationId, (record) => {
    if (record.status === 'bot') return undefined;
    if (record.status === 'closed') throw conflict('the conversation is closed');
    ensureNotHeldByOther(record, operator);
    return { status: 'bot', failureCount: 0, ...byOperator(operator) };
  });
}

export function closeConversation(ctx: AppContext, operator: Operator, conversationId: string): Promise<ConversationResult> {
  return transition(ctx, operator, conversationId, (record) => {
    if (record.status === 'closed') return undefined;
    ensureNotHeldByOther(record, operator);
    return { status: 'closed', ...byOperator(operator) };
  });
}

export async function assignConversation(ctx: AppContext, operator: Operator, input: AssignConversation): Promise<ConversationResult> {
  if (!(await isWorkspaceOperator(ctx.db, input.operatorId, operator.workspaceId))) throw notFound('operator');
  return transition(ctx, operator, input.conversationId, (record) => {
    if (record.status === 'closed') throw conflict('the conversation is closed');
    ensureNotHeldByOther(record, operator);
    if (record.status === 'assigned' && record.assigneeId === input.operatorId) return undefined;
    return { status: 'assigned', assigneeId: input.operatorId, ...byOperator(operator) };
  });
}

/**
 * An operator's reply to the customer. Replying to a conversation the bot or the queue holds takes it over
 * first (logged), so the bot cannot talk over the operator. Idempotent by client message id.
 */
export function sendAsOperator(ctx: AppContext, operator: Operator, input: SendText): Promise<SendResult> {
  return ctx.serial.run(input.conversationId, async () => {
    const record = await operatorConversation(ctx, operator, input.conversationId);
    const earlier = await findByClientMessageId(ctx.db, record.id, input.clientMessageId);
    if (earlier) return { id: earlier.id, seq: earlier.seq, duplicate: true };
    if (record.status === 'closed') throw conflict('the conversation is closed');
    ensureNotHeldByOther(record, operator);
    const logged: Message[] = [];
    if (!isMine(record, operator) && record.status !== 'assigned') {
      const change: StatusChange = { status: 'assigned', assigneeId: operator.id, ...byOperator(operator) };
      logged.push(await ctx.db.transaction((tx) => changeStatus(tx, record, change)));
    }
    const { message, duplicate } = await appendMessage(ctx.db, {
      conversationId: record.id,
      clientMessageId: input.clientMessageId,
      sender: 'operator',
      operatorId: operator.id,
      text: input.text,
    });
    if (!duplicate) {
      logged.push(message);
      ctx.metrics.messages.inc({ sender: 'operator' });
    }
    await ctx.publisher.publish(record, logged);
    return { id: message.id, seq: message.seq, duplicate };
  });
}

/** An internal note: operators see it in the log, customers never do. */
export function addNote(ctx: AppContext, operator: Operator, input: SendText): Promise<SendResult> {
  return ctx.serial.run(input.conversationId, async () => {
    const record = await operatorConversation(ctx, operator, input.conversationId);
    const { message, duplicate } = await appendMessage(ctx.db, {
      conversationId: record.id,
      kind: 'note',
      clientMessageId: input.clientMessageId,
      sender: 'operator',
      operatorId: operator.id,
      text: input.text,
    });
    if (!duplicate) await ctx.publisher.publish(record, [message]);
    return { id: message.id, seq: message.seq, duplicate };
  });
}

/**
 * What the model should have said about a customer message. Recorded three ways in one transaction: the audit
 * row (who, when, from → to), a training example for the next retrain, and a logged event for live consoles.
 */
export function correctMessage(ctx: AppContext, operator: Operator, input: CorrectMessage): Promise<CorrectionResult> {
  return ctx.serial.run(input.conversationId, async () => {
    const record = await operatorConversation(ctx, operator, input.conversationId);
    const message = await findCustomerMessage(ctx.db, record.id, input.messageId);
    if (!message) throw notFound('customer message');
    const task = input.kind === 'sentiment' ? 'sentiment' : 'intent';
    const from = task === 'sentiment' ? message.sentiment : message.intent;
    const event = await ctx.db.transaction(async (tx) => {
      await recordLabelCorrection(tx, { messageId: message.id, task, from, to: input.label, operatorId: operator.id });
      // A message holds one current example per task: a second correction replaces the first.
      await replaceCorrectionExample(tx, {
        botId: record.botId,
        task,
        messageId: message.id,
        text: message.text,
        label: input.label,
        operatorId: operator.id,
      });
      const payload: CorrectionPayload = { messageId: message.id, kind: input.kind, label: input.label, from };
      return appendEvent(tx, {
        conversationId: record.id,
        kind: 'correction',
        sender: 'operator',
        operatorId: operator.id,
        text: '',
        payload: payload as never,
      });
    });
    await ctx.publisher.publish(record, [event]);
    return { seq: event.seq };
  });
}
