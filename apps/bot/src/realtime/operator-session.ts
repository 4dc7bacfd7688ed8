import { protocolError } from '@parley/protocol';
import type { Socket } from 'socket.io';
import type { AppContext } from '../app/context.ts';
import { sessionById } from '../db/session-store.ts';
import { refusePacket } from '../server/refuse-packet.ts';
import { rooms } from './rooms.ts';
import type { OperatorSocket } from './socket-data.ts';

// setTimeout's ceiling (about 24.8 days); a longer session is re-armed by the event check long before.
const MAX_TIMER_MS = 2 ** 31 - 1;

const ended = (message: string) => protocolError('unauthorized', message);

/**
 * Ties an operator connection to the session it was opened with, which the handshake checked once: every event
 * checks it again, and the socket is closed when the session expires or ends (logout closes the session's room,
 * Publisher.sessionEnded). So logging out, or a session running out, stops live events and actions at once.
 */
export function holdOperatorSession(ctx: AppContext) {
  return (socket: OperatorSocket): void => {
    const { session } = socket.data;
    const close = (message: string) => {
      socket.emit('error', ended(message));
      socket.disconnect(true);
    };
    void socket.join(rooms.session(session.id));
    const expiry = setTimeout(
      () => close('the session expired; log in again'),
      Math.min(session.expiresAt.getTime() - Date.now(), MAX_TIMER_MS),
    );
    expiry.unref();
    socket.on('disconnect', () => clearTimeout(expiry));

    (socket as unknown as Socket).use((packet, next) => {
      sessionById(ctx.db, session.id).then(
        (live) => {
          if (live) return next();
          refusePacket(socket as unknown as Socket, packet, ended('the session has ended; log in again'));
          socket.disconnect(true);
        },
        (error: unknown) => {
          ctx.logger.error({ err: error, operatorId: socket.data.operator.id }, 'operator session check failed');
          refusePacket(
            socket as unknown as Socket,
            packet,
            protocolError('internal', 'the server could not check this session; try again'),
          );
        },
      );
    });
  };
}
