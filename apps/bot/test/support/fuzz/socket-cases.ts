import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { z } from 'zod';
import {
  ackResultSchemas,
  clientEventSchemas,
  errorEventSchema,
  errorPayloadSchema,
  parseClientEvent,
  type NamespaceName,
} from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { describeInput, type FailureCollector, type FuzzCase } from './failures.ts';
import { mutated } from './mutations.ts';
import { validish } from './schema-arbitrary.ts';
import type { SocketSlots } from './socket-slots.ts';
import { nastyJson } from './values.ts';
import type { FuzzWorld } from './world.ts';

/**
 * How the event goes out: with an ack callback, without one, with an extra argument before the ack, with only
 * an ack (no payload), or bare.
 */
const MODES = ['ack', 'no-ack', 'extra-args', 'ack-only', 'bare'] as const;
type Mode = (typeof MODES)[number];

export interface SocketCase {
  slot: number;
  event: string;
  payload: unknown;
  mode: Mode;
  extra: unknown;
}

// socket.io-client throws on these instead of sending them.
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const UNKNOWN_EVENTS = [
  '',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'toString',
  'error',
  'session',
  'message:send ',
  'MESSAGE:SEND',
  'x'.repeat(300),
  '\u0000',
  'inbox:update',
];
const OVERSIZED = 'x'.repeat(70 * 1024);

export function socketCases(world: FuzzWorld, namespace: NamespaceName, slots: number): fc.Arbitrary<SocketCase> {
  const schemas: Record<string, z.ZodType> = clientEventSchemas[namespace];
  const known = Object.entries(schemas).map(([event, schema]) => {
    const valid = validish(schema, world.known);
    return fc.record({
      event: fc.constant(event),
      payload: fc.oneof(
        { weight: 8, arbitrary: valid },
        { weight: 3, arbitrary: mutated(valid) },
        { weight: 2, arbitrary: nastyJson },
        { weight: 1, arbitrary: fc.constantFrom(undefined, OVERSIZED, Buffer.from([0, 1, 2])) },
      ),
    });
  });
  const unknown = fc.record({ event: fc.constantFrom(...UNKNOWN_EVENTS.filter((name) => !RESERVED.has(name))), payload: nastyJson });
  return fc
    .record({
      // Slot 0 owns the seeded conversation: most cases use it, to get past "not your conversation".
      slot: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: slots - 1 }) }),
      named: fc.oneof({ weight: 6, arbitrary: fc.oneof(...known) }, { weight: 1, arbitrary: unknown }),
      mode: fc.constantFrom(...MODES),
      extra: nastyJson,
    })
    .map(({ slot, named, mode, extra }) => ({ slot, event: named.event, payload: named.payload, mode, extra }));
}

const ACK_TIMEOUT_MS = 3_000;
// An unacked event's handler finishes after the emit returns; give it this long (and a barrier) before the next case.
const SETTLE_MS = 5;
const MAX_PACKET_BYTES = 64 * 1024;

const anyAck = z.discriminatedUnion('ok', [
  z.looseObject({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: errorPayloadSchema }),
]);

/** Events whose ack goes through the database and fails fast: sent after an unacked event, so its work has finished. */
const BARRIERS: Record<NamespaceName, [string, unknown]> = {
  '/customer': ['handoff:request', { conversationId: 'fuzz-barrier' }],
  '/operator': ['conversation:watch', { conversationId: 'fuzz-barrier', lastSeq: 0 }],
};

const oversized = (value: unknown) => (typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0)) > MAX_PACKET_BYTES;

/**
 * Whether the server owes this emit an ack. Every event sent with a callback gets one, except a valid
 * fire-and-forget event (typing, read): its handler takes no callback, and the protocol promises none.
 */
function owesAck(namespace: NamespaceName, event: string, payload: unknown): boolean {
  const acked: Record<string, unknown> = ackResultSchemas[namespace];
  return Object.hasOwn(acked, event) || !parseClientEvent(namespace, event, payload).ok;
}

type Outcome = { ack: unknown } | { error: unknown } | { failed: true } | { timeout: true } | { dropped: string };

/**
 * Sends one case and files: an ack that is not `{ ok, … }` (or not what the protocol promises for the event), an
 * `internal` error by ack or `error` event, an owed ack that never comes (or comes as an `error` event instead),
 * the server dropping the connection over a packet of legal size. Error logs and unhandled rejections reach the
 * collector on their own, and end the wait for an ack early.
 */
export async function runSocketCase(
  namespace: NamespaceName,
  area: 'customer-socket' | 'operator-socket',
  pool: SocketSlots,
  collector: FailureCollector,
  socketCase: SocketCase,
): Promise<void> {
  const { slot, event, payload, mode, extra } = socketCase;
  const sent = mode === 'ack-only' || mode === 'bare' ? '(no payload)' : describeInput(payload);
  const shown = `${pool.specs[slot]!.label} ${mode} ${describeInput(event)} ${sent}${mode === 'extra-args' ? ` + ${describeInput(extra)}` : ''}`;
  const fuzzCase = collector.begin(area, Object.hasOwn(clientEventSchemas[namespace], event) ? event : '(unknown event)', shown);
  try {
    let socket: Socket;
    try {
      socket = await pool.get(slot);
    } catch (error) {
      collector.fail(fuzzCase, 'no-response', (error as Error).message);
      return;
    }
    const expectedDrop = oversized(payload) || (mode === 'extra-args' && oversized(extra));
    const withCallback = mode === 'ack' || mode === 'extra-args' || mode === 'ack-only';
    const args = mode === 'extra-args' ? [payload, extra] : mode === 'ack-only' || mode === 'bare' ? [] : [payload];
    const owed = withCallback && owesAck(namespace, event, mode === 'ack-only' ? undefined : payload);

    const outcome = await new Promise<Outcome>((resolve) => {
      const done = (outcome: Outcome) => {
        clearTimeout(timer);
        clearInterval(poll);
        socket.off('error', onError);
        socket.off('disconnect', onDisconnect);
        resolve(outcome);
      };
      const timer = setTimeout(() => done({ timeout: true }), ACK_TIMEOUT_MS);
      const poll = setInterval(() => fuzzCase.failed && done({ failed: true }), 10);
      const onError = (error: unknown) => done({ error });
      const onDisconnect = (reason: string) => done({ dropped: reason });
      socket.once('error', onError);
      socket.once('disconnect', onDisconnect);
      if (owed) {
        socket.emit(event, ...args, (ack: unknown) => done({ ack }));
        return;
      }
      // Nothing owed: send, let the handler run, then a barrier event through the database behind it.
      socket.emit(event, ...args, ...(withCallback ? [() => undefined] : []));
      void sleep(SETTLE_MS)
        .then(() => socket.connected && socket.timeout(ACK_TIMEOUT_MS).emitWithAck(...BARRIERS[namespace]))
        .then(
          () => done({ ack: { ok: true } }),
          () => done({ timeout: true }),
        );
    });

    if ('ack' in outcome) {
      if (owed) checkAck(namespace, event, outcome.ack, collector, fuzzCase);
      else collector.accepted(fuzzCase);
    } else if ('error' in outcome) checkErrorEvent(outcome.error, owed, collector, fuzzCase);
    else if ('dropped' in outcome) {
      if (!expectedDrop) collector.fail(fuzzCase, 'no-response', `server dropped the ${namespace} connection (${outcome.dropped})`);
    } else if ('timeout' in outcome)
      collector.fail(fuzzCase, 'no-ack', `no ack within ${ACK_TIMEOUT_MS} ms for ${mode} ${describeInput(event).slice(0, 40)}`);
  } finally {
    collector.end(fuzzCase);
  }
}

function checkErrorEvent(error: unknown, owed: boolean, collector: FailureCollector, fuzzCase: FuzzCase) {
  const parsed = errorEventSchema.safeParse(error);
  if (!parsed.success) collector.fail(fuzzCase, 'bad-ack', `\`error\` event off the protocol: ${describeInput(error).slice(0, 160)}`);
  // An internal error whose cause was logged is filed already, under the log record and its stack.
  else if (parsed.data.code === 'internal') {
    if (!fuzzCase.failed) collector.fail(fuzzCase, 'error-event', `internal \`error\` event: ${parsed.data.message}`);
  } else if (owed)
    collector.fail(
      fuzzCase,
      'no-ack',
      `sent with an ack callback, answered by an \`error\` event (${parsed.data.code}) instead of the ack`,
    );
}

function checkAck(namespace: NamespaceName, event: string, ack: unknown, collector: FailureCollector, fuzzCase: FuzzCase) {
  const acks: Record<string, z.ZodType> = ackResultSchemas[namespace];
  const schema = Object.hasOwn(acks, event) ? acks[event]! : anyAck;
  if (!schema.safeParse(ack).success) {
    collector.fail(fuzzCase, 'bad-ack', `${event}: ack off the protocol: ${describeInput(ack).slice(0, 160)}`);
    return;
  }
  const result = ack as { ok: boolean; error?: { code: string; message: string } };
  if (result.ok) collector.accepted(fuzzCase);
  else if (result.error?.code === 'internal' && !fuzzCase.failed)
    collector.fail(fuzzCase, 'internal-ack', `${event}: internal error ack: ${result.error.message}`);
}
