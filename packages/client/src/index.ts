export * from './parley-api-error.ts';
export * from './rest-client.ts';
export * from './customer-chat.ts';
export * from './customer-outbox.ts';
export * from './customer-storage.ts';
export * from './answer-drafts.ts';
export { newClientMessageId } from './customer-client-id.ts';
export { CustomerEventLog } from './customer-event-log.ts';
export type {
  AnswerDraftEvent,
  Citation,
  ConversationStatus,
  CustomerConversationEvent,
  CustomerReadEvent,
  CustomerTypingEvent,
  CustomerViewMessage,
  ErrorCode,
  SendResult,
} from '@parley/protocol';
