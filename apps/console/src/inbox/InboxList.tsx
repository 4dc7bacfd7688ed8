import { useId } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useInbox } from './inbox-context.ts';
import { inboxFilter } from './inbox-filters.ts';
import { InboxRow } from './InboxRow.tsx';
import { InboxTabs } from './InboxTabs.tsx';

export function InboxList() {
  const { filter, setFilter, conversations, hasMore, loading, error } = useInbox();
  const panelId = useId();
  const label = inboxFilter(filter).label;

  return (
    <section className="inbox-list" aria-label="Inbox">
      <InboxTabs filter={filter} onChange={setFilter} panelId={panelId} />
      <div role="tabpanel" id={panelId} aria-labelledby={`inbox-tab-${filter}`}>
        <ErrorMessage error={error} />
        {loading && conversations.length === 0 ? (
          <Loading what="conversations" />
        ) : conversations.length === 0 ? (
          <EmptyState>No conversations in “{label}”.</EmptyState>
        ) : (
          <ul className="inbox-rows">
            {conversations.map((conversation) => (
              <InboxRow key={conversation.conversationId} conversation={conversation} />
            ))}
          </ul>
        )}
        {hasMore && <p className="muted">Showing the most recent conversations.</p>}
      </div>
    </section>
  );
}
