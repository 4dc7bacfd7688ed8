import type { AppContext } from '../app/context.ts';
import { markRead } from '../conversation/customer-actions.ts';
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
} from '../conversation/operator-actions.ts';
import { acked, unacked } from './handle.ts';
import { rooms } from './rooms.ts';
import type { CustomerNamespace, OperatorSocket } from './socket-data.ts';

/** The `/operator` events of one console connection. Payloads arrive validated (socket-validation.ts). */
export function operatorHandlers(ctx: AppContext, customers: CustomerNamespace) {
  return (socket: OperatorSocket): void => {
    const { operator } = socket.data;
    const log = ctx.logger.child({ operatorId: operator.id });
    const emitError = (error: Parameters<typeof socket.emit<'error'>>[1]) => socket.emit('error', error);
    void socket.join(rooms.workspace(operator.workspaceId));

    socket.on(
      'inbox:subscribe',
      acked(log, 'inbox:subscribe', async (payload) => {
        const filter = inboxFilter(operator, payload);
        socket.data.inbox = filter;
        return listInbox(ctx, operator, filter);
      }),
    );
    socket.on(
      'conversation:watch',
      acked(log, 'conversation:watch', (payload) => {
        return watchConversation(ctx, operator, payload, () => socket.join(rooms.conversation(payload.conversationId)));
      }),
    );
    socket.on('conversation:unwatch', ({ conversationId }) => void socket.leave(rooms.conversation(conversationId)));
    socket.on(
      'conversation:take-over',
      acked(log, 'take-over', ({ conversationId }) => takeOver(ctx, operator, conversationId)),
    );
    socket.on(
      'conversation:hand-back',
      acked(log, 'hand-back', ({ conversationId }) => handBack(ctx, operator, conversationId)),
    );
    socket.on(
      'conversation:close',
      acked(log, 'close', ({ conversationId }) => closeConversation(ctx, operator, conversationId)),
    );
    socket.on(
      'conversation:assign',
      acked(log, 'assign', (payload) => assignConversation(ctx, operator, payload)),
    );
    socket.on(
      'message:send',
      acked(log, 'message:send', (payload) => sendAsOperator(ctx, operator, payload)),
    );
    socket.on(
      'note:add',
      acked(log, 'note:add', (payload) => addNote(ctx, operator, payload)),
    );
    socket.on(
      'message:correct',
      acked(log, 'message:correct', (payload) => correctMessage(ctx, operator, payload)),
    );
    socket.on(
      'typing',
      unacked(log, 'typing', emitError, async ({ conversationId, isTyping }) => {
        await operatorConversation(ctx, operator, conversationId);
        const room = rooms.conversation(conversationId);
        customers.to(room).emit('typing', { conversationId, author: 'operator', operatorName: operator.displayName, isTyping });
        socket.to(room).emit('typing', { conversationId, operator: { id: operator.id, name: operator.displayName }, isTyping });
      }),
    );
    socket.on(
      'read',
      unacked(log, 'read', emitError, async ({ conversationId, upToSeq }) => {
        const record = await operatorConversation(ctx, operator, conversationId);
        const seq = await markRead(ctx, record, 'agent', upToSeq);
        if (seq === undefined) return;
        customers.to(rooms.conversation(conversationId)).emit('read', { conversationId, upToSeq: seq });
        // Unread counts are shared by the whole team: one operator reading clears the badge for all.
        await ctx.publisher.updateInboxes(record);
      }),
    );
  };
}
