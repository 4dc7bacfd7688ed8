import type { ConversationSummary } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { removeConversation, totalUnread, upsertConversation } from '../src/inbox/conversation-list.ts';

const summary = (conversationId: string, updatedAt: number, unread = 0): ConversationSummary => ({
  conversationId,
  status: 'bot',
  assignee: null,
  latestSeq: 1,
  startedAt: 0,
  updatedAt,
  preview: null,
  intent: null,
  sentiment: null,
  unread,
  botId: 'bot1',
});

const ids = (list: ConversationSummary[]) => list.map(({ conversationId }) => conversationId);

describe('upsertConversation', () => {
  it('adds a new conversation in order of the latest update, newest first', () => {
    const list = [summary('a', 300), summary('b', 100)];
    assert.deepEqual(ids(upsertConversation(list, summary('c', 200))), ['a', 'c', 'b']);
  });

  it('replaces the conversation it already holds and moves it by its new update time', () => {
    const list = [summary('a', 300), summary('b', 200), summary('c', 100)];
    const updated = upsertConversation(list, summary('c', 400, 2));
    assert.deepEqual(ids(updated), ['c', 'a', 'b']);
    assert.equal(updated[0]!.unread, 2);
    assert.equal(updated.length, 3);
  });

  it('leaves the given list alone', () => {
    const list = [summary('a', 100)];
    upsertConversation(list, summary('b', 200));
    assert.deepEqual(ids(list), ['a']);
  });
});

describe('removeConversation', () => {
  it('drops the conversation and keeps the order of the rest', () => {
    const list = [summary('a', 300), summary('b', 200), summary('c', 100)];
    assert.deepEqual(ids(removeConversation(list, 'b')), ['a', 'c']);
  });

  it('keeps everything when the conversation is not listed', () => {
    assert.deepEqual(ids(removeConversation([summary('a', 1)], 'zzz')), ['a']);
  });
});

describe('totalUnread', () => {
  it('adds up the unread counts', () => {
    assert.equal(totalUnread([summary('a', 1, 2), summary('b', 2, 0), summary('c', 3, 5)]), 7);
  });

  it('is 0 for an empty inbox', () => {
    assert.equal(totalUnread([]), 0);
  });
});
