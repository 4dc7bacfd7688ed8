import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import type { ExtendedError } from 'socket.io';
import { protocolError } from '@parley/protocol';

/** The address a socket came from, as the TCP peer saw it (no proxy headers are trusted). */
export const socketIp = (socket: Socket): string => socket.handshake.address || 'unknown';

/** Namespace middleware: refuses new connections from an IP past `perMinute` per minute. */
export function limitConnectionsPerIp(perMinute: number) {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return (socket: Socket, next: (err?: ExtendedError) => void): void => {
    limiter.consume(socketIp(socket)).then(
      () => next(),
      (rejection: unknown) => {
        const error: ExtendedError = new Error('rate_limited');
        error.data = { ...protocolError('rate_limited', 'too many connections from this address'), retryAfterMs: retryAfter(rejection) };
        next(error);
      },
    );
  };
}

/**
 * Per-socket event budget, checked before validation so that a flood of junk costs nothing more. A refused
 * event is answered like any other failure: through its ack, or with an `error` event.
 */
export function limitEventsPerSocket(per10s: number) {
  const limiter = new RateLimiterMemory({ points: per10s, duration: 10 });
  return (socket: Socket): void => {
    socket.use((packet, next) => {
      limiter.consume(socket.id).then(
        () => next(),
        (rejection: unknown) => {
          const error = { ...protocolError('rate_limited', 'too many events; slow down'), retryAfterMs: retryAfter(rejection) };
          const ack = packet.at(-1);
          if (typeof ack === 'function') ack({ ok: false, error });
          else socket.emit('error', { ...error, event: typeof packet[0] === 'string' ? packet[0].slice(0, 100) : undefined });
        },
      );
    });
    socket.on('disconnect', () => void limiter.delete(socket.id));
  };
}

const retryAfter = (rejection: unknown): number =>
  rejection instanceof RateLimiterRes ? Math.max(1, Math.ceil(rejection.msBeforeNext)) : 1000;
