import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { memoryLimiters, type LimiterFactory } from '../cluster/limiter-factory.ts';
import type { Socket } from 'socket.io';
import type { ExtendedError } from 'socket.io';
import { protocolError } from '@parley/protocol';
import proxyAddr from 'proxy-addr';
import type { TrustFunction } from '../server/create-server.ts';
import { refusePacket } from '../server/refuse-packet.ts';

/** The client's address, read as Express reads `req.ip`: X-Forwarded-For counts only from trusted proxies. */
export const socketIp = (socket: Socket, trust: TrustFunction): string => proxyAddr(socket.request, trust) || 'unknown';

/** Namespace middleware: refuses new connections from an IP past `perMinute` per minute (across nodes, given Redis limiters). */
export function limitConnectionsPerIp(perMinute: number, trust: TrustFunction, limiters: LimiterFactory = memoryLimiters, namespace = '') {
  // Per namespace, as each namespace has its own middleware: a console and a widget on one IP count apart.
  const limiter = limiters.make({ name: `ip-connections${namespace}`, points: perMinute, duration: 60 });
  return (socket: Socket, next: (err?: ExtendedError) => void): void => {
    limiter.consume(socketIp(socket, trust)).then(
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
 * event is answered like any other failure: through its ack, or with an `error` event. It stays in memory with
 * several nodes too: a socket lives on one node, so its count has no other node to be shared with.
 */
export function limitEventsPerSocket(per10s: number) {
  const limiter = new RateLimiterMemory({ points: per10s, duration: 10 });
  return (socket: Socket): void => {
    socket.use((packet, next) => {
      limiter.consume(socket.id).then(
        () => next(),
        (rejection: unknown) => {
          refusePacket(socket, packet, {
            ...protocolError('rate_limited', 'too many events; slow down'),
            retryAfterMs: retryAfter(rejection),
          });
        },
      );
    });
    socket.on('disconnect', () => void limiter.delete(socket.id));
  };
}

const retryAfter = (rejection: unknown): number =>
  rejection instanceof RateLimiterRes ? Math.max(1, Math.ceil(rejection.msBeforeNext)) : 1000;
