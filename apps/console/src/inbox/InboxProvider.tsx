import type { ConversationSummary } from '@parley/protocol';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useMatch } from 'react-router-dom';
import { useToasts } from '../components/toast-context.ts';
import { humanize } from '../lib/format.ts';
import { showDesktopNotification } from '../notifications/desktop-notification.ts';
import { emitAck } from '../realtime/operator-socket.ts';
import { useSocket } from '../realtime/socket-context.ts';
import { useOnConnect, useSocketEvent } from '../realtime/use-socket-event.ts';
import { useBots } from '../session/bot-context.ts';
import { useOperator } from '../session/session-context.ts';
import { removeConversation, totalUnread, upsertConversation } from './conversation-list.ts';
import { InboxContext } from './inbox-context.ts';
import { inboxFilter, type InboxFilterId } from './inbox-filters.ts';
import { customerLabel } from './customer-label.ts';

const APP_TITLE = 'Parley console';

/**
 * The live inbox, kept for the whole session rather than the inbox page, so handoffs and new customer messages
 * are announced (toast, title, desktop notification) whichever page the operator is on.
 */
export function InboxProvider({ children }: { children: ReactNode }) {
  const { socket } = useSocket();
  const { bot } = useBots();
  const { notify } = useToasts();
  const operator = useOperator();
  const openConversationId = useMatch('/inbox/:conversationId')?.params.conversationId;
  const [filter, setFilter] = useState<InboxFilterId>('bot');
  const [all, setAll] = useState<ConversationSummary[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const unreadById = useRef(new Map<string, number>());

  // Tabs sharing a subscription switch without asking the server again.
  const { subscription, shows } = inboxFilter(filter);
  useOnConnect(() => {
    setLoading(true);
    emitAck(socket, 'inbox:subscribe', subscription).then(
      (result) => {
        setAll(result.conversations);
        setHasMore(result.hasMore);
        setError(null);
        setLoading(false);
        unreadById.current = new Map(result.conversations.map(({ conversationId, unread }) => [conversationId, unread]));
      },
      (failure: unknown) => {
        setError(failure);
        setLoading(false);
      },
    );
  }, [subscription]);

  useSocketEvent('inbox:update', ({ conversation }) => {
    const before = unreadById.current.get(conversation.conversationId) ?? 0;
    unreadById.current.set(conversation.conversationId, conversation.unread);
    const watchedNow = conversation.conversationId === openConversationId && document.visibilityState === 'visible';
    if (conversation.unread > before && !watchedNow && conversation.status !== 'closed') {
      // Unread counts only customer messages, so their words are the news, not the bot's reply to them.
      const words = conversation.customerPreview ?? conversation.preview ?? '…';
      const from = customerLabel(conversation.customer) ?? 'a customer';
      notify(`New message from ${from}: ${words}`);
      showDesktopNotification(`New message from ${from}`, words);
    }
    setAll((list) => upsertConversation(list, conversation));
  });

  useSocketEvent('inbox:remove', ({ conversationId }) => {
    unreadById.current.delete(conversationId);
    setAll((list) => removeConversation(list, conversationId));
  });

  useSocketEvent('handoff:requested', ({ conversation, reason }) => {
    const text = `A customer is waiting for a person (${humanize(reason)}): ${conversation.preview ?? 'no message yet'}`;
    notify(text, 'alert');
    showDesktopNotification('A customer is waiting for a person', conversation.preview ?? humanize(reason));
  });

  const upsert = useCallback((conversation: ConversationSummary) => setAll((list) => upsertConversation(list, conversation)), []);

  // A workspace with several bots shows one bot's conversations at a time, the one picked in the header.
  const followed = useMemo(() => (bot ? all.filter(({ botId }) => botId === bot.id) : all), [all, bot]);
  const conversations = useMemo(() => followed.filter((c) => shows(c, operator.id)), [followed, shows, operator.id]);

  const unread = totalUnread(followed);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${APP_TITLE}` : APP_TITLE;
  }, [unread]);

  const state = useMemo(
    () => ({ filter, setFilter, conversations, hasMore, loading, error, upsert }),
    [filter, conversations, hasMore, loading, error, upsert],
  );
  return <InboxContext.Provider value={state}>{children}</InboxContext.Provider>;
}
