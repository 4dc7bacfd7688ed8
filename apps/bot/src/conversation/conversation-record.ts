import type { ConversationStatus, HandoffReason } from '@parley/protocol';
import { reassignConversation } from '../db/assignment-store.ts';
import type { ConversationRecord } from '../db/conversation-record-store.ts';
import { writeConversationStatus } from '../db/conversation-store.ts';
import type { Queryable } from '../db/database.ts';
import { appendEvent } from '../db/message-store.ts';
import type { Message, MessageSender } from '../db/message.ts';
import type { StatusPayload } from './stored-payloads.ts';

export interface StatusChange {
  status: ConversationStatus;
  /** The operator who answers from now on; required for 'assigned', ignored otherwise. */
  assigneeId?: string | null;
  /** Who caused it: the customer (asked for a person), an operator, or the server/bot ('system'). */
  sender: Extract<MessageSender, 'customer' | 'operator' | 'system'>;
  operatorId?: string | null;
  reason?: HandoffReason;
  failureCount?: number;
}

/**
 * Moves a conversation to a new status inside the caller's transaction: the row, its assignment, and a
 * logged status event that clients replay like any message. Returns that event.
 */
export async function changeStatus(tx: Queryable, record: ConversationRecord, change: StatusChange): Promise<Message> {
  const assigneeId = change.status === 'assigned' ? (change.assigneeId ?? null) : null;
  if (change.status === 'assigned' && !assigneeId) throw new Error('an assigned conversation needs an assignee');
  await writeConversationStatus(tx, record.id, {
    status: change.status,
    failureCount: change.failureCount ?? (change.status === 'bot' ? 0 : record.failureCount),
    handoffReason: change.reason ?? null,
  });
  if (record.assigneeId !== assigneeId) await reassignConversation(tx, record.id, assigneeId);
  const payload: StatusPayload = { status: change.status, assigneeId, ...(change.reason ? { reason: change.reason } : {}) };
  return appendEvent(tx, {
    conversationId: record.id,
    kind: 'status',
    sender: change.sender,
    operatorId: change.sender === 'operator' ? (change.operatorId ?? null) : null,
    text: '',
    payload: payload as unknown as Record<string, string>,
  });
}
