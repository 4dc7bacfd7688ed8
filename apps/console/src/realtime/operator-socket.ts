import {
  NAMESPACES,
  type Ack,
  type AckResult,
  type OperatorClientToServerEvents,
  type OperatorServerToClientEvents,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { ParleyApiError } from '@parley/client';

export type OperatorSocket = Socket<OperatorServerToClientEvents, OperatorClientToServerEvents>;

/** Same origin, so the HttpOnly session cookie authenticates the handshake. */
export function createOperatorSocket(): OperatorSocket {
  return io(NAMESPACES.operator, { withCredentials: true, autoConnect: false, transports: ['websocket', 'polling'] });
}

type AckedEvent = {
  [Event in keyof OperatorClientToServerEvents]: Parameters<OperatorClientToServerEvents[Event]> extends [unknown, Ack<object>]
    ? Event
    : never;
}[keyof OperatorClientToServerEvents];

type PayloadOf<Event extends AckedEvent> = Parameters<OperatorClientToServerEvents[Event]>[0];
type ResultOf<Event extends AckedEvent> = Parameters<OperatorClientToServerEvents[Event]>[1] extends Ack<infer Result> ? Result : never;

const ACK_TIMEOUT_MS = 10_000;

/** Emits an acked event and resolves with its result, or throws ParleyApiError with the server's code and message. */
export async function emitAck<Event extends AckedEvent>(
  socket: OperatorSocket,
  event: Event,
  payload: PayloadOf<Event>,
): Promise<ResultOf<Event>> {
  let result: AckResult<ResultOf<Event>>;
  try {
    // The generic event name defeats socket.io's overloads; the mapped types above keep callers exact.
    const timed = socket.timeout(ACK_TIMEOUT_MS);
    const emit = timed.emitWithAck as (event: string, payload: unknown) => Promise<AckResult<ResultOf<Event>>>;
    result = await emit.call(timed, event, payload);
  } catch {
    throw new ParleyApiError(0, 'timeout', 'The server did not answer in time. Check the connection and try again.');
  }
  if (!result.ok) throw new ParleyApiError(0, result.error.code, result.error.message);
  const { ok: _ok, ...rest } = result;
  return rest as unknown as ResultOf<Event>;
}
