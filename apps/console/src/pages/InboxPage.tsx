import { useParams } from 'react-router-dom';
import { ConversationPane } from '../inbox/ConversationPane.tsx';
import { InboxList } from '../inbox/InboxList.tsx';

export function InboxPage() {
  const { conversationId } = useParams();
  return (
    <div className="inbox-page">
      <h1 className="visually-hidden">Inbox</h1>
      <InboxList />
      {conversationId ? (
        <ConversationPane key={conversationId} conversationId={conversationId} />
      ) : (
        <section className="conversation-pane empty-pane" aria-label="Conversation">
          <p className="empty">Pick a conversation to read its transcript.</p>
        </section>
      )}
    </div>
  );
}
