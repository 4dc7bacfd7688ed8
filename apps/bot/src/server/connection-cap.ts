import type { Server } from 'node:http';
import type { TrustFunction } from './create-server.ts';

/**
 * Refuses TCP connections from a peer address that already holds `max` open ones, so one host cannot exhaust the
 * server with slow or idle connections. A trusted proxy carries everyone's connections and is exempt; the proxy
 * is then where such a cap belongs. Written by hand because it is one counter per address on Node's own
 * `connection` event; the rate limiters count requests, not open sockets.
 */
export function capConnectionsPerIp(server: Server, max: number, trust: TrustFunction): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (trust(address, 0)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
