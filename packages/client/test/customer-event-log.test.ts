import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomerConversationEvent } from '@parley/protocol';
import { CustomerEventLog } from '../src/customer-event-log.ts';

const event = (seq: number, conversationId = 'c1'): CustomerConversationEvent => ({
  type: 'message',
  conversationId,
  seq,
  at: seq,
  message: { id: `m${seq}`, author: 'bot', text: `#${seq}` },
});
const seqs = (events: CustomerConversationEvent[]) => events.map((e) => e.seq);
const page = (events: number[], hasMore = false, conversationId = 'c1') => ({
  conversationId,
  events: events.map((s) => event(s, conversationId)),
  hasMore,
});

test('the first join asks from 0 without a conversation, then resumes from the confirmed seq of that conversation', () => {
  const log = new CustomerEventLog();
  assert.deepEqual(log.beginJoin(), { lastSeq: 0 });
  assert.deepEqual(seqs(log.joined(page([1, 2]))), [1, 2]);
  assert.deepEqual(seqs(log.live(event(3))), [3], 'once joined, live events are delivered and confirm');
  assert.equal(log.confirmedSeq, 3);
  assert.deepEqual(log.beginJoin(), { conversationId: 'c1', lastSeq: 3 });
});

test('live events during a join wait for its ack, then come after the replay, in seq order, once', () => {
  const log = new CustomerEventLog();
  log.beginJoin();
  log.joined(page([1, 2]));
  log.abandonJoin(); // the connection dropped
  log.beginJoin();
  // The server subscribed the socket, then read the replay: live 5 and 6 overtake replayed 3 and 4 (and 5).
  assert.deepEqual(seqs(log.live(event(5))), []);
  assert.deepEqual(seqs(log.live(event(6))), []);
  assert.equal(log.confirmedSeq, 2, 'held events confirm nothing yet');
  assert.deepEqual(seqs(log.joined(page([3, 4, 5]))), [3, 4, 5, 6]);
  assert.equal(log.confirmedSeq, 6);
  assert.deepEqual(seqs(log.live(event(6))), [], 'a repeat is dropped');
  assert.equal(log.lastSeq, 6);
});

test('while the replay has more pages, held live events neither confirm nor come early', () => {
  const log = new CustomerEventLog();
  log.beginJoin();
  log.live(event(900)); // newer than every page
  assert.deepEqual(seqs(log.joined(page([1, 2, 3], true))), [1, 2, 3]);
  assert.equal(log.confirmedSeq, 3, 'the next page is asked from the page, not from the live event');
  assert.deepEqual(log.beginJoin(), { conversationId: 'c1', lastSeq: 3 });
  log.live(event(901));
  assert.deepEqual(seqs(log.joined(page([4, 5], true))), [4, 5]);
  log.beginJoin();
  assert.deepEqual(seqs(log.joined(page([6]))), [6, 900, 901]);
  assert.equal(log.confirmedSeq, 901);
});

test('seq gaps are not losses, and events of another conversation are ignored', () => {
  const log = new CustomerEventLog();
  log.beginJoin();
  log.live(event(1, 'other'));
  assert.deepEqual(seqs(log.joined(page([2, 5]))), [2, 5]);
  assert.deepEqual(seqs(log.live(event(9, 'other'))), []);
  assert.deepEqual(seqs(log.live(event(7))), [7]);
});

test('an abandoned join forgets what it held: the next join replays it', () => {
  const log = new CustomerEventLog();
  log.beginJoin();
  log.joined(page([1]));
  log.beginJoin();
  log.live(event(2));
  log.abandonJoin();
  assert.deepEqual(log.beginJoin(), { conversationId: 'c1', lastSeq: 1 });
  assert.deepEqual(seqs(log.joined(page([2]))), [2]);
});

test('a join answered with another conversation starts the log afresh', () => {
  const log = new CustomerEventLog();
  log.beginJoin();
  log.joined(page([1, 2, 3]));
  log.beginJoin();
  assert.deepEqual(seqs(log.joined(page([1], false, 'c2'))), [1]);
  assert.equal(log.conversationId, 'c2');
  assert.equal(log.confirmedSeq, 1);
});
