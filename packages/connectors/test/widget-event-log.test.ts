import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomerConversationEvent } from '@parley/protocol';
import { EventLog } from '../src/widget/event-log.ts';
import { Outbox } from '../src/widget/outbox.ts';

const event = (seq: number): CustomerConversationEvent => ({
  type: 'message',
  conversationId: 'c1',
  seq,
  at: 0,
  message: { id: `m${seq}`, author: 'bot', text: `answer ${seq}` },
});

test('live events before the join ack are shown once but confirm nothing until the ack', () => {
  const log = new EventLog([event(1), event(2)], 2);
  assert.equal(log.beginJoin(), 2);
  // Seq 5 arrives live while the replay (3, 4) is still on its way.
  assert.equal(log.add(event(5), true), true);
  assert.equal(log.confirmedSeq, 2);
  for (const e of [event(3), event(4)]) assert.equal(log.add(e, false), true);
  log.finishJoin([event(3), event(4)]);
  assert.equal(log.confirmedSeq, 5);
  assert.deepEqual(
    log.events().map((e) => e.seq),
    [1, 2, 3, 4, 5],
  );
});

test('a dropped join forgets its live events, and live events after the ack wait for the next join', () => {
  const log = new EventLog([], 0);
  log.beginJoin();
  log.add(event(3), true);
  log.abandonJoin();
  // The next join still asks from 0, so seqs 1 and 2 cannot be skipped; seq 3 comes again and is not shown twice.
  assert.equal(log.beginJoin(), 0);
  assert.equal(log.add(event(3), false), false);
  log.finishJoin([event(1), event(3)]);
  assert.equal(log.confirmedSeq, 3);
  log.add(event(7), true);
  assert.equal(log.confirmedSeq, 3);
});

test('the outbox keeps client message ids across reloads and requeues what was in flight', () => {
  const outbox = new Outbox([{ clientMessageId: 'a', text: 'saved before the reload' }]);
  assert.equal(outbox.find('a')?.state, 'queued');
  const b = outbox.add({ clientMessageId: 'b', text: 'typed offline' });
  b.state = 'in-flight';
  assert.deepEqual(
    outbox.requeueInFlight().map((m) => m.clientMessageId),
    ['b'],
  );
  outbox.remove('a');
  assert.deepEqual(
    outbox.all().map((m) => [m.clientMessageId, m.state]),
    [['b', 'queued']],
  );
});
