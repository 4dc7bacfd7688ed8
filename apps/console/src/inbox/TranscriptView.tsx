import type { OperatorConversationEvent } from '@parley/protocol';
import { useEffect, useMemo, useRef } from 'react';
import { NO_DRAFTS, type AnswerDrafts } from './answer-drafts.ts';
import { confirmsModel, correctionsByMessage, modelChangesByMessage, modelLabelsByMessage } from './transcript-events.ts';
import { TranscriptEvent } from './TranscriptEvent.tsx';

interface Props {
  events: OperatorConversationEvent[];
  /** Bot answers still being written, shown after the logged events until their messages arrive. */
  drafts?: AnswerDrafts;
  onCorrect(
    event: Extract<OperatorConversationEvent, { type: 'message' }>,
    kind: 'intent' | 'sentiment',
    currentLabel: string | null,
  ): void;
}

export function TranscriptView({ events, drafts = NO_DRAFTS, onCorrect }: Props) {
  const corrections = useMemo(() => correctionsByMessage(events), [events]);
  const modelLabels = useMemo(() => modelLabelsByMessage(events), [events]);
  const modelChanges = useMemo(() => modelChangesByMessage(events), [events]);
  const list = useRef<HTMLOListElement>(null);

  // New events arrive at the bottom: keep the latest in view.
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [events.length, drafts.open]);

  return (
    <ol ref={list} className="transcript" aria-label="Transcript" tabIndex={0}>
      {events.map((event) => {
        const messageId = event.type === 'message' ? event.message.id : undefined;
        const corrected = messageId ? corrections.get(messageId) : undefined;
        return (
          <TranscriptEvent
            key={event.seq}
            event={event}
            corrected={corrected}
            modelChanged={messageId !== undefined && modelChanges.has(messageId)}
            confirmation={event.type === 'correction' && confirmsModel(modelLabels, event)}
            onCorrect={(kind) => {
              if (event.type !== 'message' || event.message.author !== 'customer') return;
              const snapshot = event.message.classification;
              const modelLabel = kind === 'intent' ? snapshot?.intent?.label : snapshot?.sentiment?.label;
              onCorrect(event, kind, corrected?.[kind] ?? modelLabel ?? null);
            }}
          />
        );
      })}
      {drafts.open.map((draft) => (
        <li key={draft.draftId} className="event message message-bot draft" aria-busy="true">
          <p className="event-meta">
            <strong>Bot</strong> <span className="muted">writing…</span>
          </p>
          <p className="message-text">{draft.text}</p>
        </li>
      ))}
    </ol>
  );
}
