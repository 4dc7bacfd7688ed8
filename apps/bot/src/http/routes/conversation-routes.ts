import {
  assignConversationSchema,
  conversationResultSchema,
  conversationStatusSchema,
  correctionResultSchema,
  correctMessageSchema,
  cursorSchema,
  idSchema,
  inboxResultSchema,
  sendResultSchema,
  sendTextSchema,
  watchResultSchema,
} from '@parley/protocol';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  addNote,
  assignConversation,
  closeConversation,
  correctMessage,
  handBack,
  inboxFilter,
  listInbox,
  operatorConversation,
  sendAsOperator,
  takeOver,
  watchConversation,
} from '../../conversation/operator-actions.ts';
import { conversationSummary } from '../../conversation/summaries.ts';
import type { Operator } from '../../db/operator-store.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { queryNumber } from './query-number.ts';

const conversationParamsSchema = z.object({ conversationId: idSchema.meta({ description: 'The conversation id' }) });

// The socket events' own payload schemas, less the conversation id the path carries: socket and REST clients
// are held to exactly the same input.
export const sendTextBodySchema = sendTextSchema.omit({ conversationId: true }).meta({ id: 'SendText' });
export const assignBodySchema = assignConversationSchema.omit({ conversationId: true }).meta({ id: 'Assign' });
export const correctionBodySchema = correctMessageSchema.omit({ conversationId: true }).meta({ id: 'Correction' });

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

type StatusAction = (ctx: AppContext, operator: Operator, conversationId: string) => Promise<unknown>;

/** take-over, hand-back and close: the same shape, one action each. */
const statusRoute = (ctx: AppContext, name: string, summary: string, action: StatusAction) =>
  defineRoute({
    method: 'post',
    path: `/conversations/:conversationId/${name}`,
    operationId: name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
    summary,
    tag: 'Conversations',
    access: 'operator',
    params: conversationParamsSchema,
    responses: conversationResponse,
    errors: { 404: notFound, 409: stateConflict },
    async handle({ params }, { caller: { operator } }) {
      return { status: 200, body: await action(ctx, operator, params.conversationId) };
    },
  });

export function conversationRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/conversations',
      operationId: 'listConversations',
      summary: "The workspace's conversations, most recently active first (one page)",
      tag: 'Conversations',
      access: 'operator',
      query: inboxQuerySchema,
      responses: { 200: { description: 'Inbox rows', schema: inboxResultSchema } },
      async handle({ query }, { caller: { operator } }) {
        return { status: 200, body: await listInbox(ctx, operator, inboxFilter(operator, { statuses: query.status, mine: query.mine })) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conversations/:conversationId',
      operationId: 'getConversation',
      summary: 'One conversation, as an inbox row',
      tag: 'Conversations',
      access: 'operator',
      params: conversationParamsSchema,
      responses: conversationResponse,
      errors: { 404: notFound },
      async handle({ params }, { caller: { operator } }) {
        const record = await operatorConversation(ctx, operator, params.conversationId);
        return { status: 200, body: { conversation: await conversationSummary(ctx.db, ctx.names, record.id) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conversations/:conversationId/events',
      operationId: 'listConversationEvents',
      summary: 'The conversation log as operators see it, one page after `after`; ask again from the last seq while hasMore',
      tag: 'Conversations',
      access: 'operator',
      params: conversationParamsSchema,
      query: eventsQuerySchema,
      responses: { 200: { description: 'The conversation and a page of its events', schema: watchResultSchema } },
      errors: { 404: notFound },
      async handle({ params, query }, { caller: { operator } }) {
        const page = await watchConversation(ctx, operator, { conversationId: params.conversationId, lastSeq: query.after ?? 0 });
        return { status: 200, body: page };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:conversationId/messages',
      operationId: 'sendMessage',
      summary: 'Reply to the customer as the operator (takes the conversation over first if the bot or the queue has it)',
      tag: 'Conversations',
      access: 'operator',
      params: conversationParamsSchema,
      body: sendTextBodySchema,
      responses: postedResponses,
      errors: { 404: notFound, 409: stateConflict },
      async handle({ params, body }, { caller: { operator } }) {
        const result = await sendAsOperator(ctx, operator, { conversationId: params.conversationId, ...body });
        return { status: result.duplicate ? 200 : 201, body: result };
      },
    }),
    statusRoute(ctx, 'take-over', 'Answer the customer from now on; the bot is muted until hand-back', takeOver),
    statusRoute(ctx, 'hand-back', 'Let the bot answer again', handBack),
    statusRoute(ctx, 'close', 'Close the conversation', closeConversation),
    defineRoute({
      method: 'post',
      path: '/conversations/:conversationId/assign',
      operationId: 'assignConversation',
      summary: 'Give the conversation to an operator of the workspace',
      tag: 'Conversations',
      access: 'operator',
      params: conversationParamsSchema,
      body: assignBodySchema,
      responses: conversationResponse,
      errors: { 404: 'No such conversation or operator in your workspace', 409: stateConflict },
      async handle({ params, body }, { caller: { operator } }) {
        return { status: 200, body: await assignConversation(ctx, operator, { conversationId: params.conversationId, ...body }) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:conversationId/notes',
      operationId: 'addNote',
      summary: 'An internal note: operators see it in the log, the customer never does',
      tag: 'Conversations',
      access: 'operator',
      params: conversationParamsSchema,
      body: sendTextBodySchema,
      responses: postedResponses,
      errors: { 404: notFound },
      async handle({ params, body }, { caller: { operator } }) {
        const result = await addNote(ctx, operator, { conversationId: params.conversationId, ...body });
        return { status: result.duplicate ? 200 : 201, body: result };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/conversations/:conversationId/corrections',
      operationId: 'correctMessage',
      summary: 'Say what the classifier should have said about a customer message; it becomes training data',
      tag: 'Conversations',
      access: 'operator',
      params: conversationParamsSchema,
      body: correctionBodySchema,
      responses: { 201: { description: 'Recorded; where it sits in the log', schema: correctionResultSchema } },
      errors: { 404: 'No such conversation in your workspace, or no such customer message in it' },
      async handle({ params, body }, { caller: { operator } }) {
        return { status: 201, body: await correctMessage(ctx, operator, { conversationId: params.conversationId, ...body }) };
      },
    }),
  ];
}
