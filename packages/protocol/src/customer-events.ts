/** Payloads of the `/customer` namespace: the widget ⇄ the bot server. */
import * as z from 'zod';
import {
  botAuthoredShape,
  conversationStatusSchema,
  customerAuthoredShape,
  loggedEventShape,
  operatorAuthoredShape,
  replayPage,
  readWatermarkSchema,
} from './conversation.ts';
import { clientPayload, cursorSchema, displayNameSchema, idSchema, serverPayload } from './primitives.ts';
import { quickReplyValueSchema } from './quick-replies.ts';

// ── Client → server ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Opens the socket's conversation. Without `conversationId` the server starts one (or picks up the visitor's
 * open one); with it, the server replays every customer-visible event after `lastSeq`.
 */
export const joinConversationSchema = clientPayload({ conversationId: idSchema.optional(), lastSeq: cursorSchema });

/** A tap on a quick-reply button of bot message `messageId`; the server checks the value was offered. */
export const sendQuickReplySchema = clientPayload({
  conversationId: idSchema,
  clientMessageId: idSchema,
  messageId: idSchema,
  value: quickReplyValueSchema,
});

// ── Server → client ─────────────────────────────────────────────────────────────────────────────────────────

// Customers see an operator's display name, never the operator's id.
export const customerViewMessageSchema = z.discriminatedUnion('author', [
  serverPayload(customerAuthoredShape),
  serverPayload(botAuthoredShape),
  serverPayload({ ...operatorAuthoredShape, operatorName: displayNameSchema }),
]);

/** The conversation log as the customer sees it: messages and status changes, no notes or classifications. */
export const customerConversationEventSchema = z.discriminatedUnion('type', [
  serverPayload({ ...loggedEventShape, type: z.literal('message'), message: customerViewMessageSchema }),
  serverPayload({
    ...loggedEventShape,
    type: z.literal('status'),
    status: conversationStatusSchema,
    /** Who now answers, when an operator does ("Anna joined the chat"). */
    operatorName: displayNameSchema.optional(),
  }),
]);

export const joinResultSchema = serverPayload({
  conversationId: idSchema,
  status: conversationStatusSchema,
  ...replayPage(customerConversationEventSchema),
});

export const handoffResultSchema = serverPayload({ status: conversationStatusSchema });

/** Ephemeral, never logged or replayed. */
export const customerTypingEventSchema = serverPayload({
  conversationId: idSchema,
  author: z.enum(['bot', 'operator']),
  operatorName: displayNameSchema.optional(),
  isTyping: z.boolean(),
});

/** The agent side has read the customer's messages up to `upToSeq`; the latest watermark also comes on join. */
export const customerReadEventSchema = readWatermarkSchema;

export type JoinConversation = z.infer<typeof joinConversationSchema>;
export type SendQuickReply = z.infer<typeof sendQuickReplySchema>;
export type CustomerViewMessage = z.infer<typeof customerViewMessageSchema>;
export type CustomerConversationEvent = z.infer<typeof customerConversationEventSchema>;
export type JoinResult = z.infer<typeof joinResultSchema>;
export type HandoffResult = z.infer<typeof handoffResultSchema>;
export type CustomerTypingEvent = z.infer<typeof customerTypingEventSchema>;
export type CustomerReadEvent = z.infer<typeof customerReadEventSchema>;
