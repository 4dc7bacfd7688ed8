import type { ConversationSummary } from '@parley/protocol';
import { createContext, useContext } from 'react';
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

export const InboxContext = createContext<InboxState | null>(null);

export function useInbox(): InboxState {
  const state = useContext(InboxContext);
  if (!state) throw new Error('useInbox needs an InboxProvider above it');
  return state;
}
