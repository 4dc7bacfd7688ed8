import type { ConversationSummary, SubscribeInbox } from '@parley/protocol';

// Every open conversation is followed whichever open tab is shown, so unread counts, the title and new-message
// notifications cover the whole open inbox; closed ones are only fetched while their tab is open.
const OPEN: SubscribeInbox = { statuses: ['bot', 'waiting', 'assigned'] };
const CLOSED: SubscribeInbox = { statuses: ['closed'] };

/**
 * The inbox tabs, in order: the subscription each needs from the server, and which of its conversations the tab
 * shows. Assigned lists every conversation a person holds, so an admin can see (and step into) a colleague's.
 */
export const INBOX_FILTERS = [
  { id: 'bot', label: 'With the bot', subscription: OPEN, shows: (c: ConversationSummary) => c.status === 'bot' },
  { id: 'waiting', label: 'Waiting', subscription: OPEN, shows: (c: ConversationSummary) => c.status === 'waiting' },
  { id: 'assigned', label: 'Assigned', subscription: OPEN, shows: (c: ConversationSummary) => c.status === 'assigned' },
  {
    id: 'mine',
    label: 'Mine',
    subscription: OPEN,
    shows: (c: ConversationSummary, operatorId: string) => c.status === 'assigned' && c.assignee?.id === operatorId,
  },
  { id: 'closed', label: 'Closed', subscription: CLOSED, shows: (c: ConversationSummary) => c.status === 'closed' },
] as const satisfies readonly {
  id: string;
  label: string;
  subscription: SubscribeInbox;
  shows(conversation: ConversationSummary, operatorId: string): boolean;
}[];

export type InboxFilterId = (typeof INBOX_FILTERS)[number]['id'];

export const inboxFilter = (id: InboxFilterId) => INBOX_FILTERS.find((filter) => filter.id === id)!;
