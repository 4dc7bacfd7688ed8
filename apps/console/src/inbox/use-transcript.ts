import type { ConversationSummary, OperatorConversationEvent } from '@parley/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { emitAck } from '../realtime/operator-socket.ts';
import { useSocket } from '../realtime/socket-context.ts';
import { useSocketEvent } from '../realtime/use-socket-event.ts';
import { mergeEvents } from './transcript-events.ts';

export interface Transcript {
  conversation: ConversationSummary | null;
  events: OperatorConversationEvent[];
  /** How far the customer has read. */
  customerReadUpToSeq: number;
  loading: boolean;
  error: unknown;
  setConversation(conversation: ConversationSummary): void;
}

/**
 * Watches one conversation: replays its log page by page while `hasMore`, then follows `conversation:event`. After
 * a reconnect it watches again from the last seq it holds, so nothing is missed and nothing shows twice.
 */
export function useTranscript(conversationId: string): Transcript {
  const { socket } = useSocket();
  const [conversation, setConversation] = useState<ConversationSummary | null>(null);
  const [events, setEvents] = useState<OperatorConversationEvent[]>([]);
  const [customerReadUpToSeq, setCustomerReadUpToSeq] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const lastSeq = useRef(0);

  const add = useCallback((incoming: OperatorConversationEvent[]) => {
    for (const event of incoming) lastSeq.current = Math.max(lastSeq.current, event.seq);
    setEvents((current) => mergeEvents(current, incoming));
  }, []);

  useEffect(() => {
    let active = true;
    lastSeq.current = 0;
    setEvents([]);
    setConversation(null);
    setLoading(true);
    setError(null);

    const watch = async () => {
      try {
        for (;;) {
          const page = await emitAck(socket, 'conversation:watch', { conversationId, lastSeq: lastSeq.current });
          if (!active) return;
          add(page.events);
          setConversation(page.conversation);
          setCustomerReadUpToSeq(page.readUpToSeq);
          if (!page.hasMore || page.events.length === 0) break;
        }
        setError(null);
      } catch (failure) {
        if (active) setError(failure);
      } finally {
        if (active) setLoading(false);
      }
    };

    if (socket.connected) void watch();
    socket.on('connect', watch);
    return () => {
      active = false;
      socket.off('connect', watch);
      if (socket.connected) socket.emit('conversation:unwatch', { conversationId });
    };
  }, [socket, conversationId, add]);

  useSocketEvent('conversation:event', (event) => {
    if (event.conversationId !== conversationId) return;
    add([event]);
    if (event.type === 'status') {
      setConversation((current) => current && { ...current, status: event.status, assignee: event.assignee });
    }
  });

  useSocketEvent('inbox:update', ({ conversation: updated }) => {
    if (updated.conversationId === conversationId) setConversation(updated);
  });

  useSocketEvent('read', (event) => {
    if (event.conversationId === conversationId) setCustomerReadUpToSeq((seq) => Math.max(seq, event.upToSeq));
  });

  return { conversation, events, customerReadUpToSeq, loading, error, setConversation };
}
