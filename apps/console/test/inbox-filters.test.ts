import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ConversationSummary } from '@parley/protocol';
import { INBOX_FILTERS, inboxFilter } from '../src/inbox/inbox-filters.ts';

const me = 'op-me';
const summary = (status: ConversationSummary['status'], assigneeId: string | null = null): ConversationSummary => ({
  conversationId: `c-${status}-${assigneeId ?? 'none'}`,
  botId: 'b1',
  status,
  assignee: assigneeId ? { id: assigneeId, name: assigneeId } : null,
  latestSeq: 3,
  startedAt: 0,
  updatedAt: 0,
  preview: null,
  intent: null,
  sentiment: null,
  unread: 0,
});
const inbox = [summary('bot'), summary('waiting'), summary('assigned', me), summary('assigned', 'op-other'), summary('closed')];
const shown = (id: (typeof INBOX_FILTERS)[number]['id']) =>
  inbox.filter((c) => inboxFilter(id).shows(c, me)).map(({ conversationId }) => conversationId);

// The tab labels are accessible names the end-to-end tests click.
it('lists the inbox tabs in order', () => {
  assert.deepEqual(
    INBOX_FILTERS.map(({ id, label }) => [id, label]),
    [
      ['bot', 'With the bot'],
      ['waiting', 'Waiting'],
      ['assigned', 'Assigned'],
      ['mine', 'Mine'],
      ['closed', 'Closed'],
    ],
  );
});

it('follows every open conversation from each open tab, and closed ones only from their own', () => {
  for (const id of ['bot', 'waiting', 'assigned', 'mine'] as const)
    assert.deepEqual(inboxFilter(id).subscription, { statuses: ['bot', 'waiting', 'assigned'] }, id);
  assert.deepEqual(inboxFilter('closed').subscription, { statuses: ['closed'] });
});

it('shows each tab its own conversations', () => {
  assert.deepEqual(shown('bot'), ['c-bot-none']);
  assert.deepEqual(shown('waiting'), ['c-waiting-none']);
  assert.deepEqual(shown('assigned'), ['c-assigned-op-me', 'c-assigned-op-other']);
  assert.deepEqual(shown('mine'), ['c-assigned-op-me']);
  assert.deepEqual(shown('closed'), ['c-closed-none']);
});
