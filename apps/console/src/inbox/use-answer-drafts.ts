import type { OperatorConversationEvent } from '@parley/protocol';
import { useEffect, useState } from 'react';
import { useSocketEvent } from '../realtime/use-socket-event.ts';
import { appendDraft, NO_DRAFTS, settleDrafts, type AnswerDrafts } from './answer-drafts.ts';

/**
 * The bot's answers still being written in `conversationId`, live. Drafts are never replayed, so a reload shows
 * none; `events` are the transcript's logged events, whose newest seq tells a new bot message from a replayed one.
 */
export function useAnswerDrafts(conversationId: string, events: readonly OperatorConversationEvent[]): AnswerDrafts {
  const [drafts, setDrafts] = useState<AnswerDrafts>(NO_DRAFTS);
  const lastSeq = events.at(-1)?.seq ?? 0;

  useEffect(() => setDrafts(NO_DRAFTS), [conversationId]);

  useSocketEvent('answer:draft', (event) => {
    if (event.conversationId === conversationId) setDrafts((current) => appendDraft(current, event, lastSeq));
  });

  useSocketEvent('conversation:event', (event) => {
    if (event.conversationId === conversationId) setDrafts((current) => settleDrafts(current, event));
  });

  return drafts;
}
