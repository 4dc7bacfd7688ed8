import assert from 'node:assert/strict';
import { test } from 'node:test';
import { socketError, isRetryable } from '../src/customer-errors.ts';
import { CustomerOutbox } from '../src/customer-outbox.ts';
import { ParleyApiError } from '../src/parley-api-error.ts';

test('a post is taken once per try and keeps its client message id until acked', async () => {
  const outbox = new CustomerOutbox();
  const sent = outbox.add({ clientMessageId: 'a', text: 'hello' });
  assert.deepEqual(outbox.takeQueued(), [{ clientMessageId: 'a', text: 'hello' }]);
  assert.deepEqual(outbox.takeQueued(), [], 'in flight: not sent twice at once');
  outbox.requeueAll(); // the connection dropped
  assert.deepEqual(outbox.takeQueued(), [{ clientMessageId: 'a', text: 'hello' }], 'the same id again');
  outbox.acked('a', { id: 'm1', seq: 4, duplicate: true });
  assert.deepEqual(await sent, { id: 'm1', seq: 4, duplicate: true, clientMessageId: 'a' });
  assert.deepEqual(outbox.pending(), []);
});

test('a failed post rejects with its error; the others stay', async () => {
  const outbox = new CustomerOutbox();
  const bad = outbox.add({ clientMessageId: 'a', text: 'x' });
  outbox.add({ clientMessageId: 'b', quickReply: { messageId: 'm1', value: 'yes' } }).catch(() => undefined);
  outbox.failed('a', socketError({ code: 'conflict', message: 'closed' }));
  await assert.rejects(bad, { name: 'ParleyApiError', code: 'conflict', status: 409 });
  assert.deepEqual(
    outbox.pending().map((p) => p.clientMessageId),
    ['b'],
  );
});

test('socket error payloads map to ParleyApiError with the REST status of their code', () => {
  const limited = socketError({ code: 'rate_limited', message: 'slow down', retryAfterMs: 250 });
  assert.ok(limited instanceof ParleyApiError);
  assert.deepEqual([limited.status, limited.code, limited.message, limited.retryAfterMs], [429, 'rate_limited', 'slow down', 250]);
  assert.equal(socketError({ code: 'invalid_payload', message: '' }).status, 400);
  assert.equal(socketError({ code: 'not_found', message: '' }).status, 404);
  assert.equal(socketError({ code: 'internal', message: '' }).status, 500);
  assert.deepEqual(
    (['invalid_payload', 'unknown_event', 'unauthorized', 'not_found', 'conflict', 'rate_limited', 'internal'] as const).filter(
      isRetryable,
    ),
    ['rate_limited', 'internal'],
  );
});
