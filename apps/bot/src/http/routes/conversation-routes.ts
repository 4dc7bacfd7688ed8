import { restOperations, type ConversationResult } from '@parley/protocol';
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
import { implement, type AnyRoute } from '../api-route.ts';

type StatusAction = (ctx: AppContext, operator: Operator, conversationId: string) => Promise<ConversationResult>;
type StatusOperation = typeof restOperations.takeOver | typeof restOperations.handBack | typeof restOperations.close;

/** take-over, hand-back and close: the same shape, one action each. */
const statusRoute = (ctx: AppContext, operation: StatusOperation, action: StatusAction) =>
  implement(operation, {
    async handle({ params }, { caller: { operator } }) {
      return { status: 200, body: await action(ctx, operator, params.conversationId) };
    },
  });

export function conversationRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.listConversations, {
      async handle({ query }, { caller: { operator } }) {
        return { status: 200, body: await listInbox(ctx, operator, inboxFilter(operator, { statuses: query.status, mine: query.mine })) };
      },
    }),
    implement(restOperations.getConversation, {
      async handle({ params }, { caller: { operator } }) {
        const record = await operatorConversation(ctx, operator, params.conversationId);
        return { status: 200, body: { conversation: await conversationSummary(ctx.db, ctx.names, record.id) } };
      },
    }),
    implement(restOperations.listConversationEvents, {
      async handle({ params, query }, { caller: { operator } }) {
        const page = await watchConversation(ctx, operator, { conversationId: params.conversationId, lastSeq: query.after ?? 0 });
        return { status: 200, body: page };
      },
    }),
    implement(restOperations.sendMessage, {
      async handle({ params, body }, { caller: { operator } }) {
        const result = await sendAsOperator(ctx, operator, { conversationId: params.conversationId, ...body });
        return result.duplicate ? { status: 200, body: result } : { status: 201, body: result };
      },
    }),
    statusRoute(ctx, restOperations.takeOver, takeOver),
    statusRoute(ctx, restOperations.handBack, handBack),
    statusRoute(ctx, restOperations.close, closeConversation),
    implement(restOperations.assignConversation, {
      async handle({ params, body }, { caller: { operator } }) {
        return { status: 200, body: await assignConversation(ctx, operator, { conversationId: params.conversationId, ...body }) };
      },
    }),
    implement(restOperations.addNote, {
      async handle({ params, body }, { caller: { operator } }) {
        const result = await addNote(ctx, operator, { conversationId: params.conversationId, ...body });
        return result.duplicate ? { status: 200, body: result } : { status: 201, body: result };
      },
    }),
    implement(restOperations.correctMessage, {
      async handle({ params, body }, { caller: { operator } }) {
        return { status: 201, body: await correctMessage(ctx, operator, { conversationId: params.conversationId, ...body }) };
      },
    }),
  ];
}
