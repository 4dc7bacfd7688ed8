import type { OperatorConversationEvent } from '@parley/protocol';
import { useEffect, useRef } from 'react';
import { useSocket } from '../realtime/socket-context.ts';

/** Tells the server (and so the whole team's unread badges) what the operator has seen, once the page is visible. */
export function useReadReceipts(conversationId: string, events: OperatorConversationEvent[]): void {
  const { socket } = useSocket();
  const sentUpTo = useRef(0);
  const latestSeq = events.at(-1)?.seq ?? 0;

  useEffect(() => {
    sentUpTo.current = 0;
  }, [conversationId]);

  useEffect(() => {
    const send = () => {
      if (document.visibilityState !== 'visible' || latestSeq <= sentUpTo.current || !socket.connected) return;
      sentUpTo.current = latestSeq;
      socket.emit('read', { conversationId, upToSeq: latestSeq });
    };
    send();
    document.addEventListener('visibilitychange', send);
    return () => document.removeEventListener('visibilitychange', send);
  }, [socket, conversationId, latestSeq]);
}
