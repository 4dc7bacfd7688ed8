import type { ConversationSummary } from '@parley/protocol';
import { NavLink } from 'react-router-dom';
import { SentimentBadge } from '../components/SentimentBadge.tsx';
import { time } from '../lib/format.ts';
import { StatusBadge } from './StatusBadge.tsx';

export function InboxRow({ conversation }: { conversation: ConversationSummary }) {
  const { conversationId, status, assignee, preview, intent, sentiment, unread, updatedAt } = conversation;
  return (
    <li className="inbox-row">
      <NavLink to={`/inbox/${conversationId}`} className={unread > 0 ? 'inbox-link has-unread' : 'inbox-link'}>
        <span className="inbox-row-top">
          <StatusBadge status={status} />
          {unread > 0 && <span className="unread-badge">{unread} unread</span>}
          <time className="muted" dateTime={new Date(updatedAt).toISOString()}>
            {time(updatedAt)}
          </time>
        </span>
        <span className="inbox-preview">{preview ?? 'No messages yet'}</span>
        <span className="inbox-row-bottom">
          <span className="intent-tag">{intent ? (intent.outOfScope ? 'out of scope' : intent.label) : 'no intent'}</span>
          <SentimentBadge sentiment={sentiment} />
          {assignee && <span className="muted">· {assignee.name}</span>}
        </span>
      </NavLink>
    </li>
  );
}
