import type { ErrorPayload } from '@parley/protocol';
import type { Event, Socket } from 'socket.io';

/**
 * Answers a client event that will not reach its handler: through its ack when it has one, else as an `error`
 * event naming it. Called from socket middleware, which must not pass errors to `next` (Socket.IO only logs them).
 */
export function refusePacket(socket: Socket, packet: Event, error: ErrorPayload): void {
  const [event, ...rest] = packet;
  const ack = rest.at(-1);
  if (typeof ack === 'function') ack({ ok: false, error });
  else socket.emit('error', { ...error, event: typeof event === 'string' ? event.slice(0, 100) : undefined });
}
