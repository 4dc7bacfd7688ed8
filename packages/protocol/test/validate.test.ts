import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectsAck, LIMITS, parseClientEvent, toStorableText, unstorableTextPath, type ParseResult } from '../src/index.ts';
import { clientEvents } from './support/cases.ts';
import { clientExamples } from './support/examples.ts';

const { text: sendText } = clientExamples['/customer']['message:send'];
const base = clientExamples['/customer']['message:send'];

function assertRejected(result: ParseResult<unknown>, code: 'invalid_payload' | 'unknown_event', messagePart?: RegExp): void {
  assert.equal(result.ok, false, `expected ${code}, got ${JSON.stringify(result)}`);
  if (result.ok) return;
  assert.equal(result.error.code, code);
  assert.ok(result.error.message.length > 0 && result.error.message.length <= LIMITS.errorMessage, result.error.message);
  if (messagePart) assert.match(result.error.message, messagePart);
}

describe('valid payloads', () => {
  for (const { namespace, event, example } of clientEvents) {
    test(`${namespace} ${event}`, () => {
      const result = parseClientEvent(namespace, event, structuredClone(example));
      assert.deepEqual(result, { ok: true, data: example });
    });
  }

  test('limits are inclusive', () => {
    const result = parseClientEvent('/customer', 'message:send', {
      ...base,
      text: 'x'.repeat(LIMITS.text),
      clientMessageId: 'a'.repeat(LIMITS.id),
    });
    assert.equal(result.ok, true);
  });

  test('text is trimmed, so the limit and the non-empty rule apply to what gets stored', () => {
    const result = parseClientEvent('/customer', 'message:send', { ...base, text: `  ${sendText}\n` });
    assert.deepEqual(result, { ok: true, data: base });
  });

  test('optional fields may be left out', () => {
    assert.equal(parseClientEvent('/operator', 'inbox:subscribe', {}).ok, true);
    assert.equal(parseClientEvent('/customer', 'conversation:join', { lastSeq: 0 }).ok, true);
  });
});

describe('invalid payloads are rejected with invalid_payload', () => {
  const cases: [what: string, namespace: '/customer' | '/operator', event: string, payload: unknown, message: RegExp][] = [
    ['no payload', '/customer', 'message:send', undefined, /expected object, received undefined/],
    ['null', '/customer', 'message:send', null, /expected object, received null/],
    ['an array', '/customer', 'typing', [base.conversationId, true], /expected object/],
    ['a string', '/operator', 'conversation:close', base.conversationId, /expected object/],
    ['missing field', '/customer', 'message:send', { conversationId: base.conversationId, text: 'hi' }, /^clientMessageId: /],
    ['wrong type', '/customer', 'typing', { conversationId: base.conversationId, isTyping: 'yes' }, /^isTyping: .*expected boolean/],
    ['text over the limit', '/customer', 'message:send', { ...base, text: 'x'.repeat(LIMITS.text + 1) }, /^text: Too big/],
    ['whitespace-only text', '/operator', 'note:add', { ...base, text: ' \n\t ' }, /^text: Too small/],
    ['empty id', '/customer', 'handoff:request', { conversationId: '' }, /^conversationId: Too small/],
    [
      'id over the limit',
      '/customer',
      'message:send',
      { ...base, clientMessageId: 'a'.repeat(LIMITS.id + 1) },
      /^clientMessageId: Too big/,
    ],
    ['id with a space', '/operator', 'conversation:assign', { conversationId: 'c 1', operatorId: 'op_7' }, /^conversationId: Invalid id/],
    ['id with a newline', '/customer', 'message:send', { ...base, clientMessageId: 'abc\nERROR forged log line' }, /Invalid id/],
    ['negative cursor', '/customer', 'conversation:join', { lastSeq: -1 }, /^lastSeq: Too small/],
    ['fractional seq', '/customer', 'read', { conversationId: 'c_1', upToSeq: 1.5 }, /^upToSeq: .*expected int/],
    ['seq 0 in a read receipt', '/operator', 'read', { conversationId: 'c_1', upToSeq: 0 }, /^upToSeq: Too small/],
    ['unsafe integer', '/operator', 'conversation:watch', { conversationId: 'c_1', lastSeq: 2 ** 60 }, /^lastSeq: Too big/],
    ['NaN', '/operator', 'conversation:watch', { conversationId: 'c_1', lastSeq: Number.NaN }, /^lastSeq: /],
    [
      'too many statuses',
      '/operator',
      'inbox:subscribe',
      { statuses: ['bot', 'waiting', 'assigned', 'closed', 'bot'] },
      /^statuses: Too big/,
    ],
    ['empty status list', '/operator', 'inbox:subscribe', { statuses: [] }, /^statuses: Too small/],
    ['unknown status', '/operator', 'inbox:subscribe', { statuses: ['open'] }, /^statuses\[0\]: Invalid option/],
    [
      'unknown correction kind',
      '/operator',
      'message:correct',
      { ...clientExamples['/operator']['message:correct'], kind: 'topic' },
      /^kind: /,
    ],
    [
      'quick-reply value too long',
      '/customer',
      'quick-reply:send',
      { ...clientExamples['/customer']['quick-reply:send'], value: 'v'.repeat(201) },
      /^value: Too big/,
    ],
    // Strict objects (see clientPayload in src/primitives.ts): a misspelt or unknown key is a client bug; say so.
    ['an unknown key', '/customer', 'message:send', { ...base, priority: 'high' }, /Unrecognized key: "priority"/],
    ['a misspelt optional key', '/operator', 'inbox:subscribe', { mineOnly: true }, /Unrecognized key: "mineOnly"/],
    [
      'a __proto__ key',
      '/customer',
      'message:send',
      JSON.parse(`{"conversationId":"c_1","clientMessageId":"m_1","text":"hi","__proto__":{"admin":true}}`),
      /Unrecognized key: "__proto__"/,
    ],
    [
      'a constructor key',
      '/customer',
      'typing',
      { conversationId: 'c_1', isTyping: true, constructor: { prototype: { admin: true } } },
      /Unrecognized key: "constructor"/,
    ],
  ];
  for (const [what, namespace, event, payload, message] of cases) {
    test(what, () => assertRejected(parseClientEvent(namespace, event, payload), 'invalid_payload', message));
  }

  test('the message names the first problem and counts the rest', () => {
    assertRejected(parseClientEvent('/customer', 'message:send', { text: 5 }), 'invalid_payload', /^conversationId: .* \(and 2 more\)$/);
  });

  test('nothing leaks onto Object.prototype', () => {
    parseClientEvent(
      '/customer',
      'message:send',
      JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    );
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('unknown events', () => {
  const cases: [namespace: unknown, event: unknown, message: RegExp][] = [
    ['/customer', 'message:delete', /^unknown event "message:delete" on namespace "\/customer"$/],
    // Operator actions must not be reachable from the customer namespace.
    ['/customer', 'note:add', /unknown event "note:add"/],
    ['/customer', 'conversation:take-over', /unknown event/],
    ['/operator', 'quick-reply:send', /unknown event/],
    ['/admin', 'message:send', /namespace "\/admin"/],
    ['/customer', '__proto__', /unknown event "__proto__"/],
    ['/operator', 'constructor', /unknown event "constructor"/],
    ['/operator', 'hasOwnProperty', /unknown event/],
    ['__proto__', 'toString', /unknown event/],
    ['/customer', 42, /unknown event number/],
    ['/customer', undefined, /unknown event undefined/],
    ['/customer', 'x'.repeat(1_000_000), /unknown event "x+"/],
    [42, 'message:send', /on namespace number$/],
  ];
  for (const [namespace, event, message] of cases) {
    test(`${namespace} ${String(event).slice(0, 30)}`, () =>
      assertRejected(parseClientEvent(namespace, event, {}), 'unknown_event', message));
  }
});

describe('never throws on values no JSON decoder makes', () => {
  const throwingGetter = Object.defineProperty({ conversationId: 'c_1' }, 'isTyping', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  const hostileProxy = new Proxy(
    {},
    {
      get: () => {
        throw new Error('get');
      },
      ownKeys: () => {
        throw new Error('ownKeys');
      },
      getPrototypeOf: () => {
        throw new Error('getPrototypeOf');
      },
    },
  );
  const cyclic: Record<string, unknown> = { conversationId: 'c_1' };
  cyclic['isTyping'] = cyclic;
  let deep: unknown = 'bottom';
  for (let i = 0; i < 100_000; i++) deep = { conversationId: deep };

  const values: [string, unknown][] = [
    ['a throwing getter', throwingGetter],
    ['a proxy that throws on every trap', hostileProxy],
    ['a cyclic object', cyclic],
    ['100,000 levels of nesting', deep],
    ['a BigInt', 10n],
    ['a symbol', Symbol('x')],
    ['a function', () => 'hi'],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { conversationId: 'c_1', isTyping: true })],
    ['a Map', new Map([['conversationId', 'c_1']])],
    ['a Date', new Date(0)],
  ];
  for (const [what, value] of values) {
    test(what, () => {
      const result = parseClientEvent('/customer', 'typing', value);
      assert.equal(typeof result.ok, 'boolean');
      if (!result.ok) assert.equal(result.error.code, 'invalid_payload');
    });
  }

  test('a null-prototype object with the right keys is accepted', () => {
    // What some decoders produce to dodge __proto__ tricks; parsing returns a plain object either way.
    const value = Object.assign(Object.create(null) as object, { conversationId: 'c_1', isTyping: true });
    assert.deepEqual(parseClientEvent('/customer', 'typing', value), { ok: true, data: { conversationId: 'c_1', isTyping: true } });
  });
});

describe('NUL characters, which PostgreSQL cannot store', () => {
  test('are refused in any string of any event, naming where', () => {
    assertRejected(parseClientEvent('/customer', 'message:send', { ...base, text: 'hi\0there' }), 'invalid_payload', /^text: .*NUL/);
    const note = clientExamples['/operator']['note:add'];
    assertRejected(parseClientEvent('/operator', 'note:add', { ...note, clientMessageId: 'a\0' }), 'invalid_payload', /clientMessageId/);
  });

  test('are refused in keys and deep inside nesting that would overflow a recursive walk', () => {
    assert.equal(unstorableTextPath({ a: [{ 'b\0': 1 }] }), 'a[0].b\0');
    let deep: unknown = 'x\0';
    for (let depth = 0; depth < 100_000; depth++) deep = [deep];
    assert.equal(unstorableTextPath(deep)?.length, 100_000 * 3);
    assert.equal(unstorableTextPath({ a: ['ok', { b: 'fine' }] }), undefined);
  });
});

describe('acks', () => {
  test('expectsAck names the events answered through a callback, and nothing from the prototype', () => {
    assert.equal(expectsAck('/customer', 'message:send'), true);
    assert.equal(expectsAck('/customer', 'typing'), false);
    assert.equal(expectsAck('/operator', 'conversation:unwatch'), false);
    assert.equal(expectsAck('/operator', 'constructor'), false);
    assert.equal(expectsAck('__proto__', 'message:send'), false);
  });
});

describe('unpaired surrogates, which jsonb refuses', () => {
  test('are refused; paired ones (emoji) pass', () => {
    assertRejected(
      parseClientEvent('/customer', 'message:send', { ...base, text: 'ok \ud800 ok' }),
      'invalid_payload',
      /^text: .*surrogate/,
    );
    assertRejected(parseClientEvent('/customer', 'message:send', { ...base, text: '\udc00 first' }), 'invalid_payload', /surrogate/);
    assert.equal(parseClientEvent('/customer', 'message:send', { ...base, text: 'thanks 👍' }).ok, true);
  });
});

test('toStorableText replaces what PostgreSQL cannot store and keeps everything else', () => {
  assert.equal(toStorableText('a\u0000b \ud800 c \udc00 👍'), 'a\uFFFDb \uFFFD c \uFFFD 👍');
});
