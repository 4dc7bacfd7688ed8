import type { CustomerConversationEvent, OperatorConversationEvent, OperatorRef } from '@parley/protocol';
import type { Message } from '../db/message.ts';
import type { BotMessagePayload, CorrectionPayload, CustomerMessagePayload, StatusPayload } from './stored-payloads.ts';

/** Operator refs by id, for the events that name operators. */
export type OperatorRefs = ReadonlyMap<string, OperatorRef>;

// A deleted operator's history stays readable under a placeholder name.
const refOf = (refs: OperatorRefs, id: string | null): OperatorRef | null =>
  id === null ? null : (refs.get(id) ?? { id, name: 'Former operator' });

/** The operator ids a batch of events needs names for. */
export function operatorIdsOf(messages: readonly Message[]): string[] {
  return messages.flatMap((m) => {
    const assignee = m.kind === 'status' ? (m.payload as unknown as StatusPayload).assigneeId : null;
    return [m.operatorId, assignee].filter((id): id is string => id !== null);
  });
}

/** How customers see a logged event; undefined for what they must not see (notes, corrections). */
export function customerEvent(m: Message, refs: OperatorRefs): CustomerConversationEvent | undefined {
  const logged = { conversationId: m.conversationId, seq: m.seq, at: m.createdAt.getTime() };
  if (m.kind === 'status') {
    const status = m.payload as unknown as StatusPayload;
    const assignee = refOf(refs, status.assigneeId);
    return { ...logged, type: 'status', status: status.status, ...(assignee ? { operatorName: assignee.name } : {}) };
  }
  if (m.kind !== 'message') return undefined;
  const base = { id: m.id, text: m.text, ...(m.clientMessageId ? { clientMessageId: m.clientMessageId } : {}) };
  switch (m.sender) {
    case 'customer': {
      const payload = (m.payload ?? {}) as CustomerMessagePayload;
      return {
        ...logged,
        type: 'message',
        message: { ...base, author: 'customer', ...(payload.quickReply ? { quickReply: payload.quickReply } : {}) },
      };
    }
    case 'operator':
      return { ...logged, type: 'message', message: { ...base, author: 'operator', operatorName: refOf(refs, m.operatorId)!.name } };
    default: {
      const payload = (m.payload ?? {}) as BotMessagePayload;
      return {
        ...logged,
        type: 'message',
        message: { ...base, author: 'bot', ...(payload.quickReplies ? { quickReplies: payload.quickReplies } : {}) },
      };
    }
  }
}

/** How operators see a logged event: everything, with classifications, notes and corrections. */
export function operatorEvent(m: Message, refs: OperatorRefs): OperatorConversationEvent {
  const logged = { conversationId: m.conversationId, seq: m.seq, at: m.createdAt.getTime() };
  const by = refOf(refs, m.operatorId);
  switch (m.kind) {
    case 'status': {
      const status = m.payload as unknown as StatusPayload;
      return {
        ...logged,
        type: 'status',
        status: status.status,
        assignee: refOf(refs, status.assigneeId),
        by,
        ...(status.reason ? { reason: status.reason } : {}),
      };
    }
    case 'note':
      return { ...logged, type: 'note', note: { id: m.id, clientMessageId: m.clientMessageId ?? m.id, author: by!, text: m.text } };
    case 'correction': {
      const correction = m.payload as unknown as CorrectionPayload;
      return { ...logged, type: 'correction', messageId: correction.messageId, kind: correction.kind, label: correction.label, by: by! };
    }
    default:
      break;
  }
  const base = { id: m.id, text: m.text, ...(m.clientMessageId ? { clientMessageId: m.clientMessageId } : {}) };
  switch (m.sender) {
    case 'customer': {
      const payload = (m.payload ?? {}) as CustomerMessagePayload;
      return {
        ...logged,
        type: 'message',
        message: {
          ...base,
          author: 'customer',
          ...(payload.quickReply ? { quickReply: payload.quickReply } : {}),
          classification: payload.classification ?? null,
        },
      };
    }
    case 'operator':
      return { ...logged, type: 'message', message: { ...base, author: 'operator', operator: by! } };
    default: {
      const payload = (m.payload ?? {}) as BotMessagePayload;
      return {
        ...logged,
        type: 'message',
        message: { ...base, author: 'bot', ...(payload.quickReplies ? { quickReplies: payload.quickReplies } : {}) },
      };
    }
  }
}
