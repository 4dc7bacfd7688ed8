import { operatorHandshakeSchema, protocolError } from '@parley/protocol';
import type { ExtendedError } from 'socket.io';
import type { AppContext } from '../app/context.ts';
import { sessionToken } from '../auth/session-cookie.ts';
import { operatorForSession } from '../db/session-store.ts';
import type { OperatorSocket } from './socket-data.ts';

/** Operator namespace middleware: a live session, from `auth.token` or the console's session cookie. */
export function authenticateOperator(ctx: AppContext) {
  return (socket: OperatorSocket, next: (err?: ExtendedError) => void): void => {
    const handshake = operatorHandshakeSchema.safeParse(socket.handshake.auth ?? {});
    const token = (handshake.success ? handshake.data.token : undefined) ?? sessionToken({ cookie: socket.handshake.headers.cookie });
    operatorForSession(ctx.db, token).then(
      (operator) => {
        if (!operator) return next(Object.assign(new Error('unauthorized'), { data: protocolError('unauthorized', 'log in first') }));
        socket.data = { operator };
        next();
      },
      (error: unknown) => {
        ctx.logger.error({ err: error }, 'operator handshake failed');
        next(Object.assign(new Error('internal'), { data: protocolError('internal', 'the server could not check this session') }));
      },
    );
  };
}
