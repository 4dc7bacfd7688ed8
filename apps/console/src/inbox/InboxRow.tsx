import type { ConversationSummary } from '@parley/protocol';
import { NavLink } from 'react-router-dom';
import { SentimentBadge } from '../components/SentimentBadge.tsx';
import { time } from '../lib/format.ts';
import { customerLabel } from './customer-label.ts';
import { StatusBadge } from './StatusBadge.tsx';

export function InboxRow({ conversation }: { conversation: ConversationSummary }) {
  const { conversationId, status, assignee, preview, customerPreview, intent, sentiment, unread, updatedAt } = conversation;
  const who = customerLabel(conversation.customer);
  // The customer's words say what the conversation is about; the latest reply (often the bot's fallback) only
  // whether someone answered them, so it comes second and only when it is not theirs.
  const words = customerPreview ?? preview;
  return (
    <li className="inbox-row">
      <NavLink to={`/inbox/${conversationId}`} className={unread > 0 ? 'inbox-link has-unread' : 'inbox-link'}>
        <span className="inbox-row-top">
          <StatusBadge status={status} />
          {who && <span className="inbox-customer">{who}</span>}
          {unread > 0 && <span className="unread-badge">{unread} unread</span>}
          <time className="muted" dateTime={new Date(updatedAt).toISOString()}>
            {time(updatedAt)}
          </time>
        </span>
        <span className="inbox-preview">{words ?? 'No messages yet'}</span>
        {preview && preview !== words && <span className="inbox-preview inbox-reply muted">↳ {preview}</span>}
        <span className="inbox-row-bottom">
          <span className="intent-tag">{intent ? (intent.outOfScope ? 'out of scope' : intent.label) : 'no intent'}</span>
          <SentimentBadge sentiment={sentiment} />
          {assignee && <span className="muted">· {assignee.name}</span>}
        </span>
      </NavLink>
    </li>
  );
}
