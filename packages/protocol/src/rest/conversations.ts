import * as z from 'zod';
import { conversationStatusSchema, sendResultSchema, sendTextSchema } from '../conversation.ts';
import {
  assignConversationSchema,
  conversationResultSchema,
  correctionResultSchema,
  correctMessageSchema,
  inboxResultSchema,
  watchResultSchema,
} from '../operator-events.ts';
import { cursorSchema, idSchema } from '../primitives.ts';
import { defineOperation } from './operation.ts';
import { queryNumber } from './query-number.ts';

export const conversationParamsSchema = z.object({ conversationId: idSchema.meta({ description: 'The conversation id' }) });

// The socket events' own payload schemas, less the conversation id the path carries: socket and REST clients
// are held to exactly the same input.
export const sendTextBodySchema = sendTextSchema.omit({ conversationId: true }).meta({ id: 'SendText' });
export const assignBodySchema = assignConversationSchema.omit({ conversationId: true }).meta({ id: 'Assign' });
export const correctionBodySchema = correctMessageSchema.omit({ conversationId: true }).meta({ id: 'Correction' });

export type SendTextBody = z.input<typeof sendTextBodySchema>;
export type AssignBody = z.input<typeof assignBodySchema>;
export type CorrectionBody = z.input<typeof correctionBodySchema>;

export const inboxQuerySchema = z.object({
  status: z
    .string()
    .transform((list) => list.split(','))
    .pipe(z.array(conversationStatusSchema).min(1).max(conversationStatusSchema.options.length))
    .optional()
    .meta({ description: 'Comma-separated statuses to include (bot, waiting, assigned, closed); default: all' }),
  mine: z
    .enum(['true', 'false'])
    .transform((mine) => mine === 'true')
    .optional()
    .meta({ description: 'true: only conversations assigned to the caller' }),
});

export const eventsQuerySchema = z.object({
  after: queryNumber(cursorSchema, 'The last seq the caller has seen; 0 or absent: from the start'),
});

const conversationResponse = { 200: { description: 'The conversation as it now stands', schema: conversationResultSchema } };
const postedResponses = {
  201: { description: 'Posted', schema: sendResultSchema },
  200: { description: 'Already posted under this clientMessageId: the first post, repeated', schema: sendResultSchema },
};
const notFound = 'No such conversation in your workspace';
const stateConflict = "The conversation's state forbids it (closed, or another operator has it)";
const TAG = 'Conversations';

export const conversationOperations = {
  listConversations: defineOperation({
    method: 'get',
    path: '/conversations',
    operationId: 'listConversations',
    summary: "The workspace's conversations, most recently active first (one page)",
    tag: TAG,
    access: 'operator',
    query: inboxQuerySchema,
    responses: { 200: { description: 'Inbox rows', schema: inboxResultSchema } },
  }),
  getConversation: defineOperation({
    method: 'get',
    path: '/conversations/:conversationId',
    operationId: 'getConversation',
    summary: 'One conversation, as an inbox row',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    responses: conversationResponse,
    errors: { 404: notFound },
  }),
  listConversationEvents: defineOperation({
    method: 'get',
    path: '/conversations/:conversationId/events',
    operationId: 'listConversationEvents',
    summary: 'The conversation log as operators see it, one page after `after`; ask again from the last seq while hasMore',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    query: eventsQuerySchema,
    responses: { 200: { description: 'The conversation and a page of its events', schema: watchResultSchema } },
    errors: { 404: notFound },
  }),
  sendMessage: defineOperation({
    method: 'post',
    path: '/conversations/:conversationId/messages',
    operationId: 'sendMessage',
    summary: 'Reply to the customer as the operator (takes the conversation over first if the bot or the queue has it)',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    body: sendTextBodySchema,
    responses: postedResponses,
    errors: { 404: notFound, 409: stateConflict },
  }),
  takeOver: defineOperation({
    method: 'post',
    path: '/conversations/:conversationId/take-over',
    operationId: 'takeOver',
    summary: 'Answer the customer from now on; the bot is muted until hand-back',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    responses: conversationResponse,
    errors: { 404: notFound, 409: stateConflict },
  }),
  handBack: defineOperation({
    method: 'post',
    path: '/conversations/:conversationId/hand-back',
    operationId: 'handBack',
    summary: 'Let the bot answer again',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    responses: conversationResponse,
    errors: { 404: notFound, 409: stateConflict },
  }),
  close: defineOperation({
    method: 'post',
    path: '/conversations/:conversationId/close',
    operationId: 'close',
    summary: 'Close the conversation',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    responses: conversationResponse,
    errors: { 404: notFound, 409: stateConflict },
  }),
  assignConversation: defineOperation({
    method: 'post',
    path: '/conversations/:conversationId/assign',
    operationId: 'assignConversation',
    summary: 'Give the conversation to an operator of the workspace',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    body: assignBodySchema,
    responses: conversationResponse,
    errors: { 404: 'No such conversation or operator in your workspace', 409: stateConflict },
  }),
  addNote: defineOperation({
    method: 'post',
    path: '/conversations/:conversationId/notes',
    operationId: 'addNote',
    summary: 'An internal note: operators see it in the log, the customer never does',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    body: sendTextBodySchema,
    responses: postedResponses,
    errors: { 404: notFound },
  }),
  correctMessage: defineOperation({
    method: 'post',
    path: '/conversations/:conversationId/corrections',
    operationId: 'correctMessage',
    summary: 'Say what the classifier should have said about a customer message; it becomes training data',
    tag: TAG,
    access: 'operator',
    params: conversationParamsSchema,
    body: correctionBodySchema,
    responses: { 201: { description: 'Recorded; where it sits in the log', schema: correctionResultSchema } },
    errors: { 404: 'No such conversation in your workspace, or no such customer message in it' },
  }),
};
