/** Payloads of the `/operator` namespace: the operator console ⇄ the bot server. */
import * as z from 'zod';
import { classificationSnapshotSchema, intentSnapshotSchema, sentimentSnapshotSchema } from './classification.ts';
import {
  botAuthoredShape,
  conversationStatusSchema,
  customerAuthoredShape,
  handoffReasonSchema,
  loggedEventShape,
  operatorAuthoredShape,
  replayPage,
  readWatermarkSchema,
} from './conversation.ts';
import { LIMITS } from './limits.ts';
import {
  boundedText,
  clientPayload,
  cursorSchema,
  displayNameSchema,
  idSchema,
  labelSchema,
  seqSchema,
  serverPayload,
  textSchema,
  timestampSchema,
} from './primitives.ts';

export const operatorRefSchema = serverPayload({ id: idSchema, name: displayNameSchema });

// ── Client → server ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * Replaces the socket's inbox subscription: the ack lists matching conversations, then `inbox:update` /
 * `inbox:remove` keep the list current. No `statuses` means all of them; `mine` keeps only conversations
 * assigned to the sender.
 */
export const subscribeInboxSchema = clientPayload({
  statuses: z.array(conversationStatusSchema).min(1).max(conversationStatusSchema.options.length).optional(),
  mine: z.boolean().optional(),
});

/** Opens a conversation live: the ack replays every event after `lastSeq` (0: the whole history). */
export const watchConversationSchema = clientPayload({ conversationId: idSchema, lastSeq: cursorSchema });

export const assignConversationSchema = clientPayload({ conversationId: idSchema, operatorId: idSchema });

/**
 * What an operator says the classifier should have said about customer message `messageId`: another existing
 * intent, a new intent named `label` (created from this message), or another sentiment. Corrections become
 * training data.
 */
export const correctionKindSchema = z.enum(['intent', 'new_intent', 'sentiment']);
export const correctMessageSchema = clientPayload({
  conversationId: idSchema,
  messageId: idSchema,
  kind: correctionKindSchema,
  label: labelSchema,
});

// ── Server → client ─────────────────────────────────────────────────────────────────────────────────────────

export const operatorViewMessageSchema = z.discriminatedUnion('author', [
  // null when the classifier was unavailable; the bot then answered without it.
  serverPayload({ ...customerAuthoredShape, classification: classificationSnapshotSchema.nullable() }),
  serverPayload(botAuthoredShape),
  serverPayload({ ...operatorAuthoredShape, operator: operatorRefSchema }),
]);

/** The conversation log as operators see it: everything the customer sees, plus notes and corrections. */
export const operatorConversationEventSchema = z.discriminatedUnion('type', [
  serverPayload({ ...loggedEventShape, type: z.literal('message'), message: operatorViewMessageSchema }),
  serverPayload({
    ...loggedEventShape,
    type: z.literal('status'),
    status: conversationStatusSchema,
    assignee: operatorRefSchema.nullable(),
    /** The operator who made the change; null when the customer, the bot or the server did. */
    by: operatorRefSchema.nullable(),
    /** Set when `status` is 'waiting'. */
    reason: handoffReasonSchema.optional(),
  }),
  serverPayload({
    ...loggedEventShape,
    type: z.literal('note'),
    note: serverPayload({ id: idSchema, clientMessageId: idSchema, author: operatorRefSchema, text: textSchema }),
  }),
  serverPayload({
    ...loggedEventShape,
    type: z.literal('correction'),
    messageId: idSchema,
    kind: correctionKindSchema,
    label: labelSchema,
    by: operatorRefSchema,
  }),
]);

/** One inbox row. Intent and sentiment are the latest the conversation's customer messages produced. */
export const conversationSummarySchema = serverPayload({
  conversationId: idSchema,
  status: conversationStatusSchema,
  assignee: operatorRefSchema.nullable(),
  /** Seq of the conversation's latest logged event. */
  latestSeq: cursorSchema,
  startedAt: timestampSchema,
  updatedAt: timestampSchema,
  /** The latest message's text, cut to fit. */
  preview: boundedText(LIMITS.preview).nullable(),
  intent: intentSnapshotSchema.nullable(),
  sentiment: sentimentSnapshotSchema.nullable(),
  /** Customer messages after the agents' read watermark: what no operator has read yet. */
  unread: z.int().min(0),
  /** The bot the conversation is with, so a console can show and filter by it. */
  botId: idSchema,
  /** Who the conversation is with, so rows whose bot replies read alike can be told apart. */
  customer: serverPayload({
    visitorId: idSchema,
    /** The name a messaging channel gave; null for widget visitors, who are anonymous. */
    name: boundedText(LIMITS.label).nullable(),
    /** Where they write from: `web` (the widget) or a channel kind such as `telegram`. */
    channel: boundedText(LIMITS.label),
  }).optional(),
  /** The customer's latest message, cut to fit: what they want, where `preview` is often the bot's fallback. */
  customerPreview: boundedText(LIMITS.preview).nullable().optional(),
});

export const inboxResultSchema = serverPayload({
  conversations: z.array(conversationSummarySchema).max(LIMITS.inboxPage),
  /** More conversations match than one page holds (most recently updated come first). */
  hasMore: z.boolean(),
});

export const watchResultSchema = serverPayload({
  conversation: conversationSummarySchema,
  ...replayPage(operatorConversationEventSchema),
});

/** Ack of take-over, hand-back, close and assign: the conversation as it now stands. */
export const conversationResultSchema = serverPayload({ conversation: conversationSummarySchema });

/** Ack of a correction: where it sits in the log. */
export const correctionResultSchema = serverPayload({ seq: seqSchema });

export const inboxUpdateEventSchema = serverPayload({ conversation: conversationSummarySchema });
export const inboxRemoveEventSchema = serverPayload({ conversationId: idSchema });

/** Sent to every operator online, whatever their inbox filter, so one of them can pick the customer up. */
export const handoffRequestedEventSchema = serverPayload({
  conversation: conversationSummarySchema,
  reason: handoffReasonSchema,
});

/** Ephemeral, never logged or replayed. */
export const operatorTypingEventSchema = serverPayload({
  conversationId: idSchema,
  /** The colleague typing; null when it is the customer. */
  operator: operatorRefSchema.nullable(),
  isTyping: z.boolean(),
});

/** The customer has read up to `upToSeq`; the latest watermark also comes with `conversation:watch`. */
export const operatorReadEventSchema = readWatermarkSchema;

// ── Training and model lifecycle, sent to every operator of the workspace ───────────────────────────────────

export const trainingJobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed']);

/**
 * A training job moved: a stage began, a step finished, or the job ended. `fraction` is the whole job's progress
 * in [0, 1]; the full evaluation report of a finished job is read over the REST API.
 */
export const trainingProgressEventSchema = serverPayload({
  jobId: idSchema,
  botId: idSchema,
  status: trainingJobStatusSchema,
  stage: labelSchema,
  fraction: z.number().min(0).max(1),
  /** For people: which head is training, what failed. */
  message: boundedText(LIMITS.errorMessage).optional(),
  /** Set once the job succeeded: the version it produced, now a candidate. */
  candidateVersion: labelSchema.optional(),
});

/** A bot's live model changed: a candidate was promoted, or an earlier version rolled back to. */
export const modelChangedEventSchema = serverPayload({
  botId: idSchema,
  version: labelSchema,
  previousVersion: labelSchema.nullable(),
  action: z.enum(['promote', 'rollback']),
  by: operatorRefSchema,
});

export type OperatorRef = z.infer<typeof operatorRefSchema>;
export type SubscribeInbox = z.infer<typeof subscribeInboxSchema>;
export type WatchConversation = z.infer<typeof watchConversationSchema>;
export type AssignConversation = z.infer<typeof assignConversationSchema>;
export type CorrectionKind = z.infer<typeof correctionKindSchema>;
export type CorrectMessage = z.infer<typeof correctMessageSchema>;
export type OperatorViewMessage = z.infer<typeof operatorViewMessageSchema>;
export type OperatorConversationEvent = z.infer<typeof operatorConversationEventSchema>;
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;
export type InboxResult = z.infer<typeof inboxResultSchema>;
export type WatchResult = z.infer<typeof watchResultSchema>;
export type ConversationResult = z.infer<typeof conversationResultSchema>;
export type CorrectionResult = z.infer<typeof correctionResultSchema>;
export type InboxUpdateEvent = z.infer<typeof inboxUpdateEventSchema>;
export type InboxRemoveEvent = z.infer<typeof inboxRemoveEventSchema>;
export type HandoffRequestedEvent = z.infer<typeof handoffRequestedEventSchema>;
export type OperatorTypingEvent = z.infer<typeof operatorTypingEventSchema>;
export type OperatorReadEvent = z.infer<typeof operatorReadEventSchema>;
export type TrainingJobStatus = z.infer<typeof trainingJobStatusSchema>;
export type TrainingProgressEvent = z.infer<typeof trainingProgressEventSchema>;
export type ModelChangedEvent = z.infer<typeof modelChangedEventSchema>;
