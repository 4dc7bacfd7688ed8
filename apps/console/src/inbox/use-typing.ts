import type { OperatorRef } from '@parley/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocket } from '../realtime/socket-context.ts';
import { useSocketEvent } from '../realtime/use-socket-event.ts';

// A typing indicator the other side forgot to clear (a closed tab) fades on its own.
const TYPING_TTL_MS = 6_000;
const TYPING_REPEAT_MS = 3_000;

/** Who else is typing in the conversation, and a function to call as the operator types. */
export function useTyping(conversationId: string): { typists: (OperatorRef | 'customer')[]; onOperatorTyping(isTyping: boolean): void } {
  const { socket } = useSocket();
  const [typists, setTypists] = useState<Map<string, OperatorRef | 'customer'>>(new Map());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const lastSent = useRef(0);

  useEffect(() => {
    const pending = timers.current;
    setTypists(new Map());
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, [conversationId]);

  useSocketEvent('typing', (event) => {
    if (event.conversationId !== conversationId) return;
    const key = event.operator?.id ?? 'customer';
    clearTimeout(timers.current.get(key));
    const forget = () =>
      setTypists((current) => {
        const next = new Map(current);
        next.delete(key);
        return next;
      });
    if (!event.isTyping) return forget();
    setTypists((current) => new Map(current).set(key, event.operator ?? 'customer'));
    timers.current.set(key, setTimeout(forget, TYPING_TTL_MS));
  });

  const onOperatorTyping = useCallback(
    (isTyping: boolean) => {
      const now = Date.now();
      if (isTyping && now - lastSent.current < TYPING_REPEAT_MS) return;
      lastSent.current = isTyping ? now : 0;
      socket.emit('typing', { conversationId, isTyping });
    },
    [socket, conversationId],
  );

  return { typists: [...typists.values()], onOperatorTyping };
}
