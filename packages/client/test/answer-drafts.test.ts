import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomerConversationEvent } from '@parley/protocol';
import { AnswerDrafts } from '../src/answer-drafts.ts';

const delta = (draftId: string, text: string, conversationId = 'c1') => ({ conversationId, draftId, delta: text });
const botMessage = (seq: number, text: string, draftId?: string, conversationId = 'c1'): CustomerConversationEvent => ({
  type: 'message',
  conversationId,
  seq,
  at: seq,
  message: { id: `m${seq}`, author: 'bot', text, ...(draftId ? { draftId } : {}) },
});
const summary = (drafts: { draftId: string; text: string; state: string }[]) => drafts.map((d) => `${d.draftId}:${d.state}:${d.text}`);

test('deltas accumulate per draft, and the logged message with the same draftId finalises it', () => {
  const drafts = new AnswerDrafts();
  assert.equal(drafts.delta(delta('d1', 'You can '), { lastSeq: 4, now: 0 })?.text, 'You can ');
  assert.deepEqual(drafts.delta(delta('d1', 'track it [1].'), { lastSeq: 4, now: 10 }), {
    conversationId: 'c1',
    draftId: 'd1',
    text: 'You can track it [1].',
    state: 'streaming',
  });
  assert.deepEqual(summary(drafts.open()), ['d1:streaming:You can track it [1].']);
  const final = botMessage(5, 'You can track your order [1].', 'd1');
  const [ended, ...rest] = drafts.logged(final);
  assert.deepEqual(rest, []);
  assert.equal(ended?.state, 'final');
  assert.equal(ended?.message, final.type === 'message' ? final.message : undefined, 'the final message comes with it');
  assert.deepEqual(drafts.open(), []);
  assert.equal(drafts.delta(delta('d1', ' late'), { lastSeq: 5, now: 20 }), undefined, 'a late delta starts no ghost draft');
});

test('another bot message logged after the draft began drops it; older ones, customer messages and statuses do not', () => {
  const drafts = new AnswerDrafts();
  drafts.delta(delta('d1', 'Let me'), { lastSeq: 7, now: 0 });
  assert.deepEqual(drafts.logged(botMessage(6, 'an older answer, replayed late')), []);
  assert.deepEqual(
    drafts.logged({ type: 'message', conversationId: 'c1', seq: 8, at: 8, message: { id: 'q', author: 'customer', text: 'hello?' } }),
    [],
  );
  assert.deepEqual(drafts.logged({ type: 'status', conversationId: 'c1', seq: 9, at: 9, status: 'bot' }), []);
  assert.deepEqual(drafts.logged(botMessage(10, 'the other conversation', undefined, 'c2')), []);
  assert.deepEqual(summary(drafts.logged(botMessage(11, 'Sorry, I could not answer that.'))), ['d1:dropped:Let me']);
  assert.deepEqual(drafts.open(), []);
});

test('a message that finalises one draft drops the other drafts begun before it', () => {
  const drafts = new AnswerDrafts();
  drafts.delta(delta('d1', 'first'), { lastSeq: 2, now: 0 });
  drafts.delta(delta('d2', 'second'), { lastSeq: 2, now: 0 });
  assert.deepEqual(summary(drafts.logged(botMessage(3, 'second, final', 'd2'))), ['d2:final:second', 'd1:dropped:first']);
});

test('a draft without a delta for the stale time is dropped; the timer is asked for the next expiry', () => {
  const drafts = new AnswerDrafts({ staleMs: 1_000 });
  assert.equal(drafts.nextExpiry(), undefined);
  drafts.delta(delta('d1', 'a'), { lastSeq: 0, now: 100 });
  drafts.delta(delta('d2', 'b'), { lastSeq: 0, now: 500 });
  assert.equal(drafts.nextExpiry(), 1_100);
  drafts.delta(delta('d1', 'a'), { lastSeq: 0, now: 900 });
  assert.equal(drafts.nextExpiry(), 1_500, 'a delta keeps its draft alive');
  assert.deepEqual(drafts.expire(1_499), []);
  assert.deepEqual(summary(drafts.expire(1_500)), ['d2:dropped:b']);
  assert.deepEqual(summary(drafts.open()), ['d1:streaming:aa']);
  assert.equal(drafts.delta(delta('d2', 'c'), { lastSeq: 0, now: 1_600 }), undefined, 'a dropped draft does not come back');
});

test('a reset drops every open draft; a replayed final message (no draft shown) only marks its id as ended', () => {
  const drafts = new AnswerDrafts();
  assert.deepEqual(drafts.logged(botMessage(1, 'answered while this page was away', 'd0')), []);
  assert.equal(drafts.delta(delta('d0', 'x'), { lastSeq: 1, now: 0 }), undefined);
  drafts.delta(delta('d1', 'y'), { lastSeq: 1, now: 0 });
  assert.deepEqual(summary(drafts.clear()), ['d1:dropped:y']);
  assert.deepEqual(drafts.open(), []);
});
