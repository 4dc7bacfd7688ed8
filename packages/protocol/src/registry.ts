/**
 * Runtime schemas for every event of `event-maps.ts`, by namespace and event name. The `satisfies` clauses
 * make the compiler reject a missing, extra or mistyped event, so these tables and the event maps cannot drift.
 */
import type * as z from 'zod';
import { ackResultSchema } from './ack.ts';
import { answerDraftEventSchema } from './citations.ts';
import { conversationRefSchema, markReadSchema, sendResultSchema, sendTextSchema, typingSchema } from './conversation.ts';
import {
  customerConversationEventSchema,
  customerReadEventSchema,
  customerTypingEventSchema,
  handoffResultSchema,
  joinConversationSchema,
  joinResultSchema,
  sendQuickReplySchema,
} from './customer-events.ts';
import { errorEventSchema } from './errors.ts';
import { customerSessionEventSchema } from './handshake.ts';
import type { EventMapsByNamespace } from './event-maps.ts';
import type { NamespaceName } from './namespaces.ts';
import {
  assignConversationSchema,
  conversationResultSchema,
  correctionResultSchema,
  correctMessageSchema,
  handoffRequestedEventSchema,
  inboxRemoveEventSchema,
  inboxResultSchema,
  inboxUpdateEventSchema,
  modelChangedEventSchema,
  operatorConversationEventSchema,
  operatorReadEventSchema,
  operatorTypingEventSchema,
  subscribeInboxSchema,
  trainingProgressEventSchema,
  watchConversationSchema,
  watchResultSchema,
} from './operator-events.ts';

type ClientEvents<N extends NamespaceName> = EventMapsByNamespace[N]['clientToServer'];
type ServerEvents<N extends NamespaceName> = EventMapsByNamespace[N]['serverToClient'];

// Conditional types rather than Parameters<>: TypeScript cannot see that a generic map's member is a function.
type PayloadOf<Handler> = Handler extends (payload: infer Payload, ...rest: never[]) => void ? Payload : never;
// Matched on the argument list: a one-argument handler is assignable to a two-argument signature.
type AckResultOf<Handler> = Handler extends (...args: infer Args) => void
  ? Args extends [unknown, (result: infer Result) => void]
    ? Result
    : never
  : never;

export type ClientEventName<N extends NamespaceName> = keyof ClientEvents<N> & string;
export type ClientEventPayload<N extends NamespaceName, E extends ClientEventName<N>> = PayloadOf<ClientEvents<N>[E]>;

/** Client events answered through an ack callback. */
export type AckedClientEventName<N extends NamespaceName> = {
  [E in ClientEventName<N>]: [AckResultOf<ClientEvents<N>[E]>] extends [never] ? never : E;
}[ClientEventName<N>];
export type ClientEventAckResult<N extends NamespaceName, E extends AckedClientEventName<N>> = AckResultOf<ClientEvents<N>[E]>;

export type ServerEventName<N extends NamespaceName> = keyof ServerEvents<N> & string;
export type ServerEventPayload<N extends NamespaceName, E extends ServerEventName<N>> = PayloadOf<ServerEvents<N>[E]>;

// Input and output are both the payload type: what a client may send is exactly what a handler receives.
type ClientEventSchemas = {
  [N in NamespaceName]: { [E in ClientEventName<N>]: z.ZodType<ClientEventPayload<N, E>, ClientEventPayload<N, E>> };
};
type AckResultSchemas = { [N in NamespaceName]: { [E in AckedClientEventName<N>]: z.ZodType<ClientEventAckResult<N, E>> } };
type ServerEventSchemas = { [N in NamespaceName]: { [E in ServerEventName<N>]: z.ZodType<ServerEventPayload<N, E>> } };

export const clientEventSchemas = {
  '/customer': {
    'conversation:join': joinConversationSchema,
    'message:send': sendTextSchema,
    'quick-reply:send': sendQuickReplySchema,
    'handoff:request': conversationRefSchema,
    typing: typingSchema,
    read: markReadSchema,
  },
  '/operator': {
    'inbox:subscribe': subscribeInboxSchema,
    'conversation:watch': watchConversationSchema,
    'conversation:unwatch': conversationRefSchema,
    'conversation:take-over': conversationRefSchema,
    'conversation:hand-back': conversationRefSchema,
    'conversation:close': conversationRefSchema,
    'conversation:assign': assignConversationSchema,
    'message:send': sendTextSchema,
    'note:add': sendTextSchema,
    'message:correct': correctMessageSchema,
    typing: typingSchema,
    read: markReadSchema,
  },
} satisfies ClientEventSchemas;

const conversationAck = ackResultSchema(conversationResultSchema);
const sendAck = ackResultSchema(sendResultSchema);

/** What each acked client event's callback may receive; for clients and tests that check the server's answers. */
export const ackResultSchemas = {
  '/customer': {
    'conversation:join': ackResultSchema(joinResultSchema),
    'message:send': sendAck,
    'quick-reply:send': sendAck,
    'handoff:request': ackResultSchema(handoffResultSchema),
  },
  '/operator': {
    'inbox:subscribe': ackResultSchema(inboxResultSchema),
    'conversation:watch': ackResultSchema(watchResultSchema),
    'conversation:take-over': conversationAck,
    'conversation:hand-back': conversationAck,
    'conversation:close': conversationAck,
    'conversation:assign': conversationAck,
    'message:send': sendAck,
    'note:add': sendAck,
    'message:correct': ackResultSchema(correctionResultSchema),
  },
} satisfies AckResultSchemas;

/** Server→client payloads, for tests of the server and for clients that check what they receive. */
export const serverEventSchemas = {
  '/customer': {
    session: customerSessionEventSchema,
    'conversation:event': customerConversationEventSchema,
    typing: customerTypingEventSchema,
    'answer:draft': answerDraftEventSchema,
    read: customerReadEventSchema,
    error: errorEventSchema,
  },
  '/operator': {
    'conversation:event': operatorConversationEventSchema,
    'inbox:update': inboxUpdateEventSchema,
    'inbox:remove': inboxRemoveEventSchema,
    'handoff:requested': handoffRequestedEventSchema,
    typing: operatorTypingEventSchema,
    'answer:draft': answerDraftEventSchema,
    read: operatorReadEventSchema,
    'training:progress': trainingProgressEventSchema,
    'model:changed': modelChangedEventSchema,
    error: errorEventSchema,
  },
} satisfies ServerEventSchemas;

/** Whether a client event is answered through an ack callback, so one sent without a callback cannot be answered. */
export function expectsAck(namespace: unknown, eventName: unknown): boolean {
  if (typeof namespace !== 'string' || !Object.hasOwn(ackResultSchemas, namespace)) return false;
  return typeof eventName === 'string' && Object.hasOwn(ackResultSchemas[namespace as NamespaceName], eventName);
}
