import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { clientPayload, cursorSchema, idSchema, seqSchema, serverPayload, textSchema, timestampSchema } from './primitives.ts';
import { citationsSchema } from './citations.ts';
import { quickRepliesSchema, quickReplyAnswerSchema } from './quick-replies.ts';

/** bot: the bot answers · waiting: handoff requested, no operator yet · assigned: an operator answers · closed. */
export const conversationStatusSchema = z.enum(['bot', 'waiting', 'assigned', 'closed']);

/** Why a conversation went to `waiting`. */
export const handoffReasonSchema = z.enum(['customer_request', 'out_of_scope', 'low_confidence', 'negative_sentiment', 'rule']);

// ── Client→server payloads both namespaces accept ───────────────────────────────────────────────────────────

export const conversationRefSchema = clientPayload({ conversationId: idSchema });

/**
 * Text a client posts: a message, or an operator's internal note. `clientMessageId` makes the send idempotent:
 * a retry with the same id gets the original ack back instead of posting twice.
 */
export const sendTextSchema = clientPayload({ conversationId: idSchema, clientMessageId: idSchema, text: textSchema });

export const typingSchema = clientPayload({ conversationId: idSchema, isTyping: z.boolean() });

/** Read receipt: everything up to and including `upToSeq` has been shown to the reader. */
export const markReadSchema = clientPayload({ conversationId: idSchema, upToSeq: seqSchema });

// ── Server→client pieces both namespaces use ────────────────────────────────────────────────────────────────

/** The other side has read the conversation up to `upToSeq`. */
export const readWatermarkSchema = serverPayload({ conversationId: idSchema, upToSeq: seqSchema });

/** Ack of a post: the server's id for it and its place in the conversation log. */
export const sendResultSchema = serverPayload({
  id: idSchema,
  seq: seqSchema,
  /** True when `clientMessageId` had been posted before and this ack repeats the first one. */
  duplicate: z.boolean(),
});

/** Fields of every logged event; `seq` is what a client reports back to resume after a reconnect. */
export const loggedEventShape = { conversationId: idSchema, seq: seqSchema, at: timestampSchema };

const messageShape = {
  id: idSchema,
  /** Present on messages a client posted, so the sender can match the echo to its optimistic copy. */
  clientMessageId: idSchema.optional(),
  text: textSchema,
};

// One shape per author; each audience adds what only it may see (the operator's id, the classification).
export const customerAuthoredShape = {
  ...messageShape,
  author: z.literal('customer'),
  /** Set when the message was a quick-reply button press; `text` then holds the button's label. */
  quickReply: quickReplyAnswerSchema.optional(),
};
export const botAuthoredShape = {
  ...messageShape,
  author: z.literal('bot'),
  quickReplies: quickRepliesSchema.optional(),
  /** The sources of an answer from the knowledge base, listed under it as links. */
  citations: citationsSchema.optional(),
  /** Set when the answer was streamed first as `answer:draft` events with this id: the message replaces the draft. */
  draftId: idSchema.optional(),
};
export const operatorAuthoredShape = { ...messageShape, author: z.literal('operator') };

/** A page of replayed events: the client asks again from the last one's seq while `hasMore`. */
export const replayPage = <Event extends z.ZodType>(event: Event) => ({
  events: z.array(event).max(LIMITS.replayPage),
  hasMore: z.boolean(),
  /** How far the other side (agent for the customer, customer for operators) has read; 0 when not at all. */
  readUpToSeq: cursorSchema,
});

export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
export type HandoffReason = z.infer<typeof handoffReasonSchema>;
export type ConversationRef = z.infer<typeof conversationRefSchema>;
export type SendText = z.infer<typeof sendTextSchema>;
export type Typing = z.infer<typeof typingSchema>;
export type MarkRead = z.infer<typeof markReadSchema>;
export type SendResult = z.infer<typeof sendResultSchema>;
