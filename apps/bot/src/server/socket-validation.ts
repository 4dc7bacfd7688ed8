import { expectsAck, parseClientEvent, protocolError, type NamespaceName } from '@parley/protocol';
import type { Socket } from 'socket.io';
import { refusePacket } from './refuse-packet.ts';

/**
 * Checks every event a client sends against the shared protocol before any handler sees it. An invalid event
 * is answered through its ack when it has one, else with an `error` event, and never reaches a handler; a
 * valid one continues with its parsed (trimmed, bounded) payload in place of what the client sent. An event
 * answered through an ack but sent without a callback is refused too: its answer would have nowhere to go.
 */
export function validateClientEvents(namespace: NamespaceName) {
  return (socket: Socket): void => {
    socket.use((packet, next) => {
      const [event, ...args] = packet;
      // A callback is always the last argument, even when it is the only one (an event sent without a payload).
      const ack: unknown = typeof args.at(-1) === 'function' ? args.pop() : undefined;
      const payload: unknown = args[0];
      const result =
        typeof ack === 'function' || !expectsAck(namespace, event)
          ? parseClientEvent(namespace, event, payload)
          : ({ ok: false, error: protocolError('invalid_payload', 'this event needs an acknowledgement callback') } as const);
      if (result.ok) {
        // Exactly [event, payload, ack?]: extra arguments would land where a handler expects its ack.
        packet.splice(1, Infinity, result.data, ...(typeof ack === 'function' ? [ack] : []));
        next();
        return;
      }
      refusePacket(socket, packet, result.error);
    });
  };
}
