import assert from 'node:assert/strict';
import { it } from 'node:test';
import { INBOX_FILTERS } from '../src/inbox/inbox-filters.ts';

// The tab labels are accessible names the end-to-end tests click, and the subscriptions follow API.md.
it('lists the inbox tabs in order with the subscription each asks for', () => {
  assert.deepEqual(INBOX_FILTERS, [
    { id: 'bot', label: 'With the bot', subscription: { statuses: ['bot'] } },
    { id: 'waiting', label: 'Waiting', subscription: { statuses: ['waiting'] } },
    { id: 'mine', label: 'Mine', subscription: { mine: true } },
    { id: 'closed', label: 'Closed', subscription: { statuses: ['closed'] } },
  ]);
});
