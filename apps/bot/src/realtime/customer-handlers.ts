import type { AppContext } from '../app/context.ts';
import { joinConversation, markRead, requestHandoff } from '../conversation/customer-actions.ts';
import { customerTurn, visitorConversation } from '../conversation/customer-turn.ts';
import { acked, unacked } from './handle.ts';
import { rooms } from './rooms.ts';
import type { CustomerSocket, OperatorNamespace } from './socket-data.ts';

/** The `/customer` events of one connected widget. Payloads arrive validated (socket-validation.ts). */
export function customerHandlers(ctx: AppContext, operators: OperatorNamespace) {
  return (socket: CustomerSocket): void => {
    const { botId, visitorId, unsavedTokenHash } = socket.data;
    const who = { botId, visitorId, unsavedTokenHash };
    const log = ctx.logger.child({ visitorId: who.visitorId });
    const emitError = (error: Parameters<typeof socket.emit<'error'>>[1]) => socket.emit('error', error);
    // Every event names a conversation the visitor owns. Joining checks that once per socket; an event that comes
    // first (socket.io-client flushes its buffered emits on reconnect before the app can re-join) checks it here
    // and subscribes the socket, so it is served, not refused.
    const joined = async (conversationId: string) => {
      if (!socket.data.conversations.has(conversationId)) {
        await visitorConversation(ctx, who, conversationId);
        socket.data.conversations.add(conversationId);
        await socket.join(rooms.conversation(conversationId));
      }
      return conversationId;
    };

    socket.on(
      'conversation:join',
      acked(log, 'conversation:join', async (payload) => {
        return joinConversation(ctx, who, payload, async (conversationId) => {
          socket.data.conversations.add(conversationId);
          await socket.join(rooms.conversation(conversationId));
        });
      }),
    );
    socket.on(
      'message:send',
      acked(log, 'message:send', async (payload) =>
        customerTurn(ctx, who, { ...payload, conversationId: await joined(payload.conversationId) }),
      ),
    );
    socket.on(
      'quick-reply:send',
      acked(log, 'quick-reply:send', async (payload) =>
        customerTurn(ctx, who, {
          conversationId: await joined(payload.conversationId),
          clientMessageId: payload.clientMessageId,
          text: payload.value,
          quickReply: { messageId: payload.messageId, value: payload.value },
        }),
      ),
    );
    socket.on(
      'handoff:request',
      acked(log, 'handoff:request', async ({ conversationId }) => requestHandoff(ctx, who, await joined(conversationId))),
    );
    socket.on(
      'typing',
      unacked(log, 'typing', emitError, async ({ conversationId, isTyping }) => {
        operators.to(rooms.conversation(await joined(conversationId))).emit('typing', { conversationId, operator: null, isTyping });
      }),
    );
    socket.on(
      'read',
      unacked(log, 'read', emitError, async ({ conversationId, upToSeq }) => {
        const record = await visitorConversation(ctx, who, await joined(conversationId));
        const seq = await markRead(ctx, record, 'customer', upToSeq);
        if (seq !== undefined) operators.to(rooms.conversation(conversationId)).emit('read', { conversationId, upToSeq: seq });
      }),
    );
  };
}
