import type { SubscribeInbox } from '@parley/protocol';

/** The inbox tabs, in order, and the subscription each one asks the server for. */
export const INBOX_FILTERS = [
  { id: 'bot', label: 'With the bot', subscription: { statuses: ['bot'] } },
  { id: 'waiting', label: 'Waiting', subscription: { statuses: ['waiting'] } },
  { id: 'mine', label: 'Mine', subscription: { mine: true } },
  { id: 'closed', label: 'Closed', subscription: { statuses: ['closed'] } },
] as const satisfies readonly { id: string; label: string; subscription: SubscribeInbox }[];

export type InboxFilterId = (typeof INBOX_FILTERS)[number]['id'];
