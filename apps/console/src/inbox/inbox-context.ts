import type { ConversationSummary } from '@parley/protocol';
import { createRequiredContext } from '../lib/required-context.ts';
import type { InboxFilterId } from './inbox-filters.ts';

export interface InboxState {
  filter: InboxFilterId;
  setFilter(filter: InboxFilterId): void;
  conversations: ConversationSummary[];
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  /** Folds a conversation the operator just acted on into the list, ahead of the server's inbox:update. */
  upsert(conversation: ConversationSummary): void;
}

export const [InboxContext, useInbox] = createRequiredContext<InboxState>('useInbox', 'InboxProvider');
