import { parseClientEvent, type NamespaceName } from '@parley/protocol';
import type { Socket } from 'socket.io';

/**
 * Checks every event a client sends against the shared protocol before any handler sees it. An invalid event
 * is answered through its ack when it has one, else with an `error` event, and never reaches a handler; a
 * valid one continues with its parsed (trimmed, bounded) payload in place of what the client sent.
 */
export function validateClientEvents(namespace: NamespaceName) {
  return (socket: Socket): void => {
    socket.use((packet, next) => {
      const [event, payload, ...rest] = packet;
      const ack = rest.at(-1);
      const result = parseClientEvent(namespace, event, payload);
      if (result.ok) {
        packet[1] = result.data;
        next();
        return;
      }
      if (typeof ack === 'function') ack({ ok: false, error: result.error });
      else socket.emit('error', { ...result.error, event: typeof event === 'string' ? event.slice(0, 100) : undefined });
    });
  };
}
