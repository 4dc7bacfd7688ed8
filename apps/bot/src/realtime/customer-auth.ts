import { customerHandshakeSchema, protocolError } from '@parley/protocol';
import type { ExtendedError } from 'socket.io';
import type { AppContext } from '../app/context.ts';
import { widgetOriginAllowed } from '../engine/widget-origins.ts';
import { findBotByPublicKey } from '../db/bot-store.ts';
import { findVisitor, mintVisitor } from '../db/visitor-store.ts';
import { MintedVisitors } from './minted-visitors.ts';
import type { CustomerSocket } from './socket-data.ts';

const refuse = (code: 'unauthorized' | 'invalid_payload', message: string): ExtendedError =>
  Object.assign(new Error(code), { data: protocolError(code, message) });

/**
 * Customer namespace middleware: the handshake names the bot by its public key, from a page origin the bot
 * allows, and brings the visitor token this browser was given before. Without a (valid) token the visitor is
 * new: its id and token are made here and the token sent in a `session` event once connected, but its row waits
 * for its first conversation (joinConversation), so sockets that never chat cost the database nothing. Until then
 * the token is honoured from memory (MintedVisitors).
 */
export function authenticateCustomer(ctx: AppContext) {
  const minted = new MintedVisitors();
  return (socket: CustomerSocket, next: (err?: ExtendedError) => void): void => {
    const handshake = customerHandshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success) return next(refuse('invalid_payload', 'handshake auth needs { botKey, visitorToken? }'));
    const { botKey, visitorToken } = handshake.data;
    (async () => {
      const bot = await findBotByPublicKey(ctx.db, botKey);
      if (!bot) return next(refuse('unauthorized', 'unknown bot key'));
      if (!widgetOriginAllowed(bot.config, socket.handshake.headers.origin))
        return next(refuse('unauthorized', 'this page origin may not use this bot'));
      const visitor = visitorToken ? await findVisitor(ctx.db, bot.id, visitorToken) : undefined;
      if (visitor) {
        socket.data = { botId: bot.id, visitorId: visitor.id, conversations: new Set() };
        return next();
      }
      let unsaved = visitorToken ? minted.find(bot.id, visitorToken) : undefined;
      if (!unsaved) {
        const fresh = mintVisitor(bot.id);
        minted.remember(fresh);
        unsaved = fresh;
        // Sent after the connect packet, so the client's session listener is in place.
        setImmediate(() => socket.emit('session', { visitorToken: fresh.token }));
      }
      socket.data = { botId: bot.id, visitorId: unsaved.visitor.id, conversations: new Set(), unsavedTokenHash: unsaved.tokenHash };
      next();
    })().catch((error: unknown) => {
      ctx.logger.error({ err: error }, 'customer handshake failed');
      next(Object.assign(new Error('internal'), { data: protocolError('internal', 'the server could not open this session') }));
    });
  };
}
