/**
 * Socket.IO event maps, for `Server<ClientToServer, ServerToClient>` / `Socket<ServerToClient, ClientToServer>`
 * and `io.of(NAMESPACES.customer)`. Every payload type is inferred from its zod schema, and `registry.ts` checks
 * at compile time that each event here has a schema of exactly that type.
 *
 * Events ending in an `Ack` argument are answered through it (`socket.timeout(ms).emitWithAck(…)` on the
 * client); the others are fire-and-forget, and the server reports their failures with an `error` event.
 */
import type { Ack } from './ack.ts';
import type { AnswerDraftEvent } from './citations.ts';
import type { ConversationRef, MarkRead, SendResult, SendText, Typing } from './conversation.ts';
import type {
  CustomerConversationEvent,
  CustomerReadEvent,
  CustomerTypingEvent,
  HandoffResult,
  JoinConversation,
  JoinResult,
  SendQuickReply,
} from './customer-events.ts';
import type { ServerErrorEvent } from './errors.ts';
import type { CustomerSessionEvent } from './handshake.ts';
import type {
  AssignConversation,
  ConversationResult,
  CorrectionResult,
  CorrectMessage,
  HandoffRequestedEvent,
  InboxRemoveEvent,
  InboxResult,
  InboxUpdateEvent,
  ModelChangedEvent,
  OperatorConversationEvent,
  OperatorReadEvent,
  OperatorTypingEvent,
  SubscribeInbox,
  TrainingProgressEvent,
  WatchConversation,
  WatchResult,
} from './operator-events.ts';

export interface CustomerClientToServerEvents {
  'conversation:join': (payload: JoinConversation, ack: Ack<JoinResult>) => void;
  'message:send': (payload: SendText, ack: Ack<SendResult>) => void;
  'quick-reply:send': (payload: SendQuickReply, ack: Ack<SendResult>) => void;
  'handoff:request': (payload: ConversationRef, ack: Ack<HandoffResult>) => void;
  typing: (payload: Typing) => void;
  read: (payload: MarkRead) => void;
}

export interface CustomerServerToClientEvents {
  session: (event: CustomerSessionEvent) => void;
  'conversation:event': (event: CustomerConversationEvent) => void;
  typing: (event: CustomerTypingEvent) => void;
  'answer:draft': (event: AnswerDraftEvent) => void;
  read: (event: CustomerReadEvent) => void;
  error: (event: ServerErrorEvent) => void;
}

export interface OperatorClientToServerEvents {
  'inbox:subscribe': (payload: SubscribeInbox, ack: Ack<InboxResult>) => void;
  'conversation:watch': (payload: WatchConversation, ack: Ack<WatchResult>) => void;
  'conversation:unwatch': (payload: ConversationRef) => void;
  'conversation:take-over': (payload: ConversationRef, ack: Ack<ConversationResult>) => void;
  'conversation:hand-back': (payload: ConversationRef, ack: Ack<ConversationResult>) => void;
  'conversation:close': (payload: ConversationRef, ack: Ack<ConversationResult>) => void;
  'conversation:assign': (payload: AssignConversation, ack: Ack<ConversationResult>) => void;
  'message:send': (payload: SendText, ack: Ack<SendResult>) => void;
  'note:add': (payload: SendText, ack: Ack<SendResult>) => void;
  'message:correct': (payload: CorrectMessage, ack: Ack<CorrectionResult>) => void;
  typing: (payload: Typing) => void;
  read: (payload: MarkRead) => void;
}

export interface OperatorServerToClientEvents {
  'conversation:event': (event: OperatorConversationEvent) => void;
  'inbox:update': (event: InboxUpdateEvent) => void;
  'inbox:remove': (event: InboxRemoveEvent) => void;
  'handoff:requested': (event: HandoffRequestedEvent) => void;
  typing: (event: OperatorTypingEvent) => void;
  'answer:draft': (event: AnswerDraftEvent) => void;
  read: (event: OperatorReadEvent) => void;
  'training:progress': (event: TrainingProgressEvent) => void;
  'model:changed': (event: ModelChangedEvent) => void;
  error: (event: ServerErrorEvent) => void;
}

/** The event maps of each namespace, for code that is generic over the namespace. */
export interface EventMapsByNamespace {
  '/customer': { clientToServer: CustomerClientToServerEvents; serverToClient: CustomerServerToClientEvents };
  '/operator': { clientToServer: OperatorClientToServerEvents; serverToClient: OperatorServerToClientEvents };
}
