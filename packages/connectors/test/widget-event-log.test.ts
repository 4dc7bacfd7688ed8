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
  log.finishJoin([event(3), event(4)], false);
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
  log.finishJoin([event(1), event(3)], false);
  assert.equal(log.confirmedSeq, 3);
  log.add(event(7), true);
  assert.equal(log.confirmedSeq, 3);
});

test('while replay pages remain, live events confirm nothing, so the next page skips none of the replay', () => {
  // The visitor missed 520 events; an operator's answer (seq 521) arrives live while the first page is on its way.
  const log = new EventLog([], 0);
  assert.equal(log.beginJoin(), 0);
  assert.equal(log.add(event(521), true), true);
  const firstPage = Array.from({ length: 500 }, (_, i) => event(i + 1));
  for (const e of firstPage) assert.equal(log.add(e, false), true);
  log.finishJoin(firstPage, true);
  assert.equal(log.confirmedSeq, 500, 'only the page confirms while pages remain');
  // The next page is asked for after the page, not after the live event, and brings the rest (and 521 again).
  assert.equal(log.beginJoin(), 500);
  const lastPage = Array.from({ length: 21 }, (_, i) => event(501 + i));
  for (const e of lastPage) assert.equal(log.add(e, false), e.seq !== 521);
  log.finishJoin(lastPage, false);
  assert.equal(log.confirmedSeq, 521);
  assert.deepEqual(
    log.events().map((e) => e.seq),
    Array.from({ length: 521 }, (_, i) => i + 1),
  );
});

test('live events that came during an earlier page confirm once the last page has arrived', () => {
  const log = new EventLog([], 0);
  log.beginJoin();
  log.add(event(1200), true);
  const firstPage = Array.from({ length: 500 }, (_, i) => event(i + 1));
  for (const e of firstPage) log.add(e, false);
  log.finishJoin(firstPage, true);
  assert.equal(log.beginJoin(), 500);
  // A live event during the last page's join: it and the replay are all in hand once that page is acked.
  log.add(event(1201), true);
  const lastPage = [event(501), event(1200)];
  for (const e of lastPage) log.add(e, false);
  log.finishJoin(lastPage, false);
  assert.equal(log.confirmedSeq, 1201);
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
