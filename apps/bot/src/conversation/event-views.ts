import type { CustomerConversationEvent, OperatorConversationEvent, OperatorRef } from '@parley/protocol';
import type { Message } from '../db/message.ts';
import type { BotMessagePayload, CorrectionPayload, CustomerMessagePayload, StatusPayload } from './stored-payloads.ts';

/** Operator refs by id, for the events that name operators. */
export type OperatorRefs = ReadonlyMap<string, OperatorRef>;

// A deleted operator's history stays readable under a placeholder name.
const refOf = (refs: OperatorRefs, id: string | null): OperatorRef | null =>
  id === null ? null : (refs.get(id) ?? { id, name: 'Former operator' });

const loggedFields = (m: Message) => ({ conversationId: m.conversationId, seq: m.seq, at: m.createdAt.getTime() });

const messageFields = (m: Message) => ({ id: m.id, text: m.text, ...(m.clientMessageId ? { clientMessageId: m.clientMessageId } : {}) });

/** A customer's message as both audiences see it; operators add the classification. */
function customerAuthored(m: Message) {
  const payload = (m.payload ?? {}) as CustomerMessagePayload;
  return { ...messageFields(m), author: 'customer' as const, ...(payload.quickReply ? { quickReply: payload.quickReply } : {}) };
}

function botAuthored(m: Message) {
  const payload = (m.payload ?? {}) as BotMessagePayload;
  return {
    ...messageFields(m),
    author: 'bot' as const,
    ...(payload.quickReplies ? { quickReplies: payload.quickReplies } : {}),
    ...(payload.citations?.length ? { citations: payload.citations } : {}),
    ...(payload.draftId ? { draftId: payload.draftId } : {}),
  };
}

/** The operator ids a batch of events needs names for. */
export function operatorIdsOf(messages: readonly Message[]): string[] {
  return messages.flatMap((m) => {
    const assignee = m.kind === 'status' ? (m.payload as unknown as StatusPayload).assigneeId : null;
    return [m.operatorId, assignee].filter((id): id is string => id !== null);
  });
}

/** How customers see a logged event; undefined for what they must not see (notes, corrections). */
export function customerEvent(m: Message, refs: OperatorRefs): CustomerConversationEvent | undefined {
  const logged = loggedFields(m);
  if (m.kind === 'status') {
    const status = m.payload as unknown as StatusPayload;
    const assignee = refOf(refs, status.assigneeId);
    return { ...logged, type: 'status', status: status.status, ...(assignee ? { operatorName: assignee.name } : {}) };
  }
  if (m.kind !== 'message') return undefined;
  switch (m.sender) {
    case 'customer':
      return { ...logged, type: 'message', message: customerAuthored(m) };
    case 'operator':
      return {
        ...logged,
        type: 'message',
        message: { ...messageFields(m), author: 'operator', operatorName: refOf(refs, m.operatorId)!.name },
      };
    default:
      return { ...logged, type: 'message', message: botAuthored(m) };
  }
}

/** How operators see a logged event: everything, with classifications, notes and corrections. */
export function operatorEvent(m: Message, refs: OperatorRefs): OperatorConversationEvent {
  const logged = loggedFields(m);
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
  switch (m.sender) {
    case 'customer': {
      const classification = (m.payload as CustomerMessagePayload | null)?.classification ?? null;
      return { ...logged, type: 'message', message: { ...customerAuthored(m), classification } };
    }
    case 'operator':
      return { ...logged, type: 'message', message: { ...messageFields(m), author: 'operator', operator: by! } };
    default:
      return { ...logged, type: 'message', message: botAuthored(m) };
  }
}
