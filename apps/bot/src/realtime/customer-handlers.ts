import type { AppContext } from '../app/context.ts';
import { notFound } from '../conversation/action-error.ts';
import { joinConversation, markRead, requestHandoff } from '../conversation/customer-actions.ts';
import { customerTurn, visitorConversation } from '../conversation/customer-turn.ts';
import { acked, unacked } from './handle.ts';
import { rooms } from './rooms.ts';
import type { CustomerSocket, OperatorNamespace } from './socket-data.ts';

/** The `/customer` events of one connected widget. Payloads arrive validated (socket-validation.ts). */
export function customerHandlers(ctx: AppContext, operators: OperatorNamespace) {
  return (socket: CustomerSocket): void => {
    const who = { botId: socket.data.botId, visitorId: socket.data.visitorId };
    const log = ctx.logger.child({ visitorId: who.visitorId });
    const emitError = (error: Parameters<typeof socket.emit<'error'>>[1]) => socket.emit('error', error);
    // Every event but join names a conversation this socket joined; join checked it belongs to the visitor.
    const joined = (conversationId: string) => {
      if (!socket.data.conversations.has(conversationId)) throw notFound('conversation (join it first)');
      return conversationId;
    };

    socket.on(
      'conversation:join',
      acked(log, 'conversation:join', async (payload) => {
        const result = await joinConversation(ctx, who, payload);
        socket.data.conversations.add(result.conversationId);
        await socket.join(rooms.conversation(result.conversationId));
        return result;
      }),
    );
    socket.on(
      'message:send',
      acked(log, 'message:send', (payload) => customerTurn(ctx, who, { ...payload, conversationId: joined(payload.conversationId) })),
    );
    socket.on(
      'quick-reply:send',
      acked(log, 'quick-reply:send', (payload) =>
        customerTurn(ctx, who, {
          conversationId: joined(payload.conversationId),
          clientMessageId: payload.clientMessageId,
          text: payload.value,
          quickReply: { messageId: payload.messageId, value: payload.value },
        }),
      ),
    );
    socket.on(
      'handoff:request',
      acked(log, 'handoff:request', async ({ conversationId }) => requestHandoff(ctx, who, joined(conversationId))),
    );
    socket.on(
      'typing',
      unacked(log, 'typing', emitError, async ({ conversationId, isTyping }) => {
        operators.to(rooms.conversation(joined(conversationId))).emit('typing', { conversationId, operator: null, isTyping });
      }),
    );
    socket.on(
      'read',
      unacked(log, 'read', emitError, async ({ conversationId, upToSeq }) => {
        const record = await visitorConversation(ctx, who, joined(conversationId));
        const seq = await markRead(ctx, record, 'customer', upToSeq);
        if (seq !== undefined) operators.to(rooms.conversation(conversationId)).emit('read', { conversationId, upToSeq: seq });
      }),
    );
  };
}
