import { operatorHandshakeSchema, protocolError } from '@parley/protocol';
import type { ExtendedError } from 'socket.io';
import type { AppContext } from '../app/context.ts';
import { sessionToken } from '../auth/session-cookie.ts';
import { liveSession } from '../db/session-store.ts';
import type { OperatorSocket } from './socket-data.ts';

const refuse = (message: string): ExtendedError =>
  Object.assign(new Error('unauthorized'), { data: protocolError('unauthorized', message) });

/**
 * Operator namespace middleware: a live session, from `auth.token` or the console's session cookie. A browser
 * page of an origin that may not use the cookie is refused whatever it brings (cross-site WebSocket hijacking:
 * SameSite does not stop a page on another port of the same host).
 */
export function authenticateOperator(ctx: AppContext) {
  return (socket: OperatorSocket, next: (err?: ExtendedError) => void): void => {
    if (!ctx.origins.trusted(socket.handshake.headers)) return next(refuse('this page origin may not open an operator connection'));
    const handshake = operatorHandshakeSchema.safeParse(socket.handshake.auth ?? {});
    const token = (handshake.success ? handshake.data.token : undefined) ?? sessionToken({ cookie: socket.handshake.headers.cookie });
    liveSession(ctx.db, token).then(
      (session) => {
        if (!session) return next(refuse('log in first'));
        socket.data = { operator: session.operator, session: { id: session.id, expiresAt: session.expiresAt } };
        next();
      },
      (error: unknown) => {
        ctx.logger.error({ err: error }, 'operator handshake failed');
        next(Object.assign(new Error('internal'), { data: protocolError('internal', 'the server could not check this session') }));
      },
    );
  };
}
