/**
 * Compile-time checks (run by `tsc -p .`) with a thin runtime half (run by the test runner). If this file
 * compiles, the inferred types accept the samples, reject the `@ts-expect-error` lines, equal the schemas'
 * input and output types, and fit Socket.IO's typed-event generics.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as z from 'zod';
import {
  ackResultSchemas,
  type clientEventSchemas,
  NAMESPACES,
  parseClientEvent,
  serverEventSchemas,
  type AckResult,
  type ClassificationSnapshot,
  type ClientEventName,
  type ClientEventPayload,
  type CustomerClientToServerEvents,
  type CustomerConversationEvent,
  type CustomerServerToClientEvents,
  type CustomerTypingEvent,
  type ErrorCode,
  type NamespaceName,
  type OperatorClientToServerEvents,
  type OperatorConversationEvent,
  type OperatorServerToClientEvents,
  type OperatorViewMessage,
  type QuickReply,
  type SendResult,
  type SendText,
  type SubscribeInbox,
  type WatchResult,
} from '../src/index.ts';
import { ackExamples, serverExamples } from './support/examples.ts';

// ── Type-level helpers ──────────────────────────────────────────────────────────────────────────────────────

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectTrue = <T extends true>(..._proof: T[]): void => undefined;

// Every registered schema's input and output equal the event map's payload type: what a client may send is
// exactly what a handler receives, and the maps and the schemas cannot drift apart.
type SchemasMatchPayloads<N extends NamespaceName> = {
  [E in keyof (typeof clientEventSchemas)[N] & string]: E extends ClientEventName<N>
    ? Equals<z.output<(typeof clientEventSchemas)[N][E]>, ClientEventPayload<N, E>> extends true
      ? Equals<z.input<(typeof clientEventSchemas)[N][E]>, ClientEventPayload<N, E>>
      : false
    : false;
}[keyof (typeof clientEventSchemas)[N] & string];
expectTrue<SchemasMatchPayloads<'/customer'>>();
expectTrue<SchemasMatchPayloads<'/operator'>>();

// The same signatures Socket.IO's typed events derive (socket.io-client's `emit` / `emitWithAck` / `on`),
// restated so this package needs no Socket.IO dependency to check that its maps fit them.
type EventParams<Map, Ev extends keyof Map> = Map[Ev] extends (...args: infer Params) => void ? Params : never;
type AllButLast<T extends unknown[]> = T extends [...infer Head, unknown] ? Head : never;
type Last<T extends unknown[]> = T extends [...unknown[], infer Tail] ? Tail : never;
type FirstArg<T> = T extends (arg: infer Arg) => void ? Arg : never;

interface TypedSocket<Listen, Emit> {
  emit<Ev extends keyof Emit & string>(event: Ev, ...args: EventParams<Emit, Ev>): void;
  emitWithAck<Ev extends keyof Emit & string>(
    event: Ev,
    ...args: AllButLast<EventParams<Emit, Ev>>
  ): Promise<FirstArg<Last<EventParams<Emit, Ev>>>>;
  on<Ev extends keyof Listen & string>(event: Ev, listener: Listen[Ev]): void;
}

/** A socket that records what was emitted and answers every ack with `answer`. */
function fakeSocket<Listen, Emit>(answer: unknown): TypedSocket<Listen, Emit> & { sent: unknown[][] } {
  const sent: unknown[][] = [];
  return {
    sent,
    emit: (event, ...args) => {
      sent.push([event, ...args]);
      const last = args.at(-1);
      if (typeof last === 'function') last(answer);
    },
    emitWithAck: (event, ...args) => {
      sent.push([event, ...args]);
      return Promise.resolve(answer as never);
    },
    on: () => undefined,
  };
}

// ── Samples assigned to the inferred types ──────────────────────────────────────────────────────────────────

const send: SendText = { conversationId: 'c_1', clientMessageId: 'm_1', text: 'hello' };
const quickReply: QuickReply = { label: 'Yes', value: 'yes' };
const inbox: SubscribeInbox = { statuses: ['waiting'] };
const classification: ClassificationSnapshot = {
  intent: null,
  sentiment: { label: 'neutral', score: 0.6 },
  modelVersion: 'v1',
  latencyMs: 3,
};
const customerEvent: CustomerConversationEvent = {
  conversationId: 'c_1',
  seq: 1,
  at: 0,
  type: 'status',
  status: 'assigned',
  operatorName: 'Anna',
};

// @ts-expect-error a conversation status outside the four
const badStatus: CustomerConversationEvent = { conversationId: 'c_1', seq: 1, at: 0, type: 'status', status: 'open' };
// @ts-expect-error text is required
const noText: SendText = { conversationId: 'c_1', clientMessageId: 'm_1' };
// @ts-expect-error customers never see an operator's id
const leak: CustomerTypingEvent = { conversationId: 'c_1', author: 'operator', isTyping: true, operator: { id: 'op_7', name: 'Anna' } };
// @ts-expect-error a bot message has no classification
const botClassified: OperatorViewMessage = { id: 'm_2', author: 'bot', text: 'hi', classification };

/** The unions narrow on their tags, and a switch over them is exhaustive. */
function describeEvent(event: OperatorConversationEvent): string {
  switch (event.type) {
    case 'message':
      if (event.message.author === 'customer')
        return `${event.message.text} → ${event.message.classification?.intent?.label ?? 'unclassified'}`;
      if (event.message.author === 'operator') return `${event.message.operator.name}: ${event.message.text}`;
      return `bot: ${event.message.text} [${event.message.quickReplies?.map((reply) => reply.label).join(', ') ?? ''}]`;
    case 'status':
      return `${event.status}${event.assignee ? ` → ${event.assignee.name}` : ''}`;
    case 'note':
      return `note by ${event.note.author.name}`;
    case 'correction':
      return `${event.kind} → ${event.label}`;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

describe('types', () => {
  test('samples are usable values', () => {
    assert.deepEqual([send.text, quickReply.value, inbox.statuses, customerEvent.type], ['hello', 'yes', ['waiting'], 'status']);
    assert.ok(badStatus && noText && leak && botClassified);
  });

  test('discriminated unions narrow', () => {
    assert.equal(describeEvent(serverExamples['/operator']['conversation:event']), 'Debit card → card_declined');
  });

  test('the event maps fit Socket.IO-style typed emit, emitWithAck and on', async () => {
    const widget = fakeSocket<CustomerServerToClientEvents, CustomerClientToServerEvents>({
      ok: true,
      id: 'm_9',
      seq: 9,
      duplicate: false,
    });
    let acked: AckResult<SendResult> | undefined;
    widget.emit('message:send', send, (result) => {
      acked = result;
    });
    widget.emit('typing', { conversationId: 'c_1', isTyping: true });
    const result = await widget.emitWithAck('message:send', send);
    const seq: number | ErrorCode = result.ok ? result.seq : result.error.code;
    assert.equal(seq, 9);
    assert.deepEqual(acked, result);
    // @ts-expect-error an operator action is not on the customer namespace
    widget.emit('note:add', send, () => undefined);
    // @ts-expect-error typing is fire-and-forget: no ack argument
    widget.emit('typing', { conversationId: 'c_1', isTyping: true }, () => undefined);
    // @ts-expect-error an acked event without its ack
    widget.emit('message:send', send);
    widget.on('conversation:event', (event) => assert.ok(event.seq > 0));

    const console = fakeSocket<OperatorServerToClientEvents, OperatorClientToServerEvents>(ackExamples['/operator']['conversation:watch']);
    const watched: AckResult<WatchResult> = await console.emitWithAck('conversation:watch', { conversationId: 'c_1', lastSeq: 0 });
    assert.equal(watched.ok && watched.events.length, 4);

    // A handler answers a rejected payload by handing the parse error straight to the ack.
    const parsed = parseClientEvent('/operator', 'message:send', { text: '' });
    const answer: AckResult<SendResult> = parsed.ok
      ? { ok: true, id: 'm_1', seq: 1, duplicate: false }
      : { ok: false, error: parsed.error };
    assert.equal(answer.ok, false);
    console.on('handoff:requested', ({ conversation, reason }) => assert.ok(conversation.intent?.label ?? reason));
    assert.deepEqual(console.sent, [['conversation:watch', { conversationId: 'c_1', lastSeq: 0 }]]);
  });
});

describe('server payload examples pass their schemas', () => {
  for (const namespace of Object.values(NAMESPACES)) {
    for (const [event, example] of Object.entries(serverExamples[namespace])) {
      test(`${namespace} emits ${event}`, () => {
        const schema = (serverEventSchemas[namespace] as Record<string, z.ZodType>)[event]!;
        assert.deepEqual(schema.parse(example), example);
      });
    }
    for (const [event, example] of Object.entries(ackExamples[namespace])) {
      test(`${namespace} acks ${event}`, () => {
        const schema = (ackResultSchemas[namespace] as Record<string, z.ZodType>)[event]!;
        assert.deepEqual(schema.parse(example), example);
      });
    }
  }

  test('server payloads strip keys they do not know, so older clients survive newer servers', () => {
    const newer = { ...serverExamples['/customer'].read, readAt: 1_717_200_000_000 };
    assert.deepEqual(serverEventSchemas['/customer'].read.parse(newer), serverExamples['/customer'].read);
  });
});
