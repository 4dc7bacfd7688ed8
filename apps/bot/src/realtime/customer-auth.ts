import { customerHandshakeSchema, protocolError } from '@parley/protocol';
import type { ExtendedError } from 'socket.io';
import type { AppContext } from '../app/context.ts';
import { widgetOriginAllowed } from '../app/widget-origins.ts';
import { findBotByPublicKey } from '../db/bot-store.ts';
import { createVisitor, findVisitor } from '../db/visitor-store.ts';
import type { CustomerSocket } from './socket-data.ts';

const refuse = (code: 'unauthorized' | 'invalid_payload', message: string): ExtendedError =>
  Object.assign(new Error(code), { data: protocolError(code, message) });

/**
 * Customer namespace middleware: the handshake names the bot by its public key, from a page origin the bot
 * allows, and brings the visitor token this browser was given before. Without a (valid) token the visitor is
 * new: one is created and its token sent in a `session` event once connected.
 */
export function authenticateCustomer(ctx: AppContext) {
  return (socket: CustomerSocket, next: (err?: ExtendedError) => void): void => {
    const handshake = customerHandshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success) return next(refuse('invalid_payload', 'handshake auth needs { botKey, visitorToken? }'));
    const { botKey, visitorToken } = handshake.data;
    (async () => {
      const bot = await findBotByPublicKey(ctx.db, botKey);
      if (!bot) return next(refuse('unauthorized', 'unknown bot key'));
      if (!widgetOriginAllowed(bot.config, socket.handshake.headers.origin))
        return next(refuse('unauthorized', 'this page origin may not use this bot'));
      let visitor = visitorToken ? await findVisitor(ctx.db, bot.id, visitorToken) : undefined;
      if (!visitor) {
        const created = await createVisitor(ctx.db, bot.id);
        visitor = created.visitor;
        // Sent after the connect packet, so the client's session listener is in place.
        setImmediate(() => socket.emit('session', { visitorToken: created.token }));
      }
      socket.data = { botId: bot.id, visitorId: visitor.id, conversations: new Set() };
      next();
    })().catch((error: unknown) => {
      ctx.logger.error({ err: error }, 'customer handshake failed');
      next(Object.assign(new Error('internal'), { data: protocolError('internal', 'the server could not open this session') }));
    });
  };
}
