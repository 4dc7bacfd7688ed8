import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { SentimentBadge } from '../components/SentimentBadge.tsx';
import { useToasts } from '../components/toast-context.ts';
import { SuggestReplyButton } from '../copilot/SuggestReplyButton.tsx';
import { latestCustomerText } from '../copilot/suggested-reply.ts';
import { CorrectionDialog } from '../correction/CorrectionDialog.tsx';
import type { CorrectionTarget } from '../correction/correction-target.ts';
import { useBots } from '../session/bot-context.ts';
import { useOperator } from '../session/session-context.ts';
import { ConversationActions } from './ConversationActions.tsx';
import { useInbox } from './inbox-context.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { TextComposer } from './TextComposer.tsx';
import { TranscriptView } from './TranscriptView.tsx';
import { TypingIndicator } from './TypingIndicator.tsx';
import { useAnswerDrafts } from './use-answer-drafts.ts';
import { useReadReceipts } from './use-read-receipts.ts';
import { useTranscript } from './use-transcript.ts';
import { useTyping } from './use-typing.ts';

export function ConversationPane({ conversationId }: { conversationId: string }) {
  const operator = useOperator();
  const { bot } = useBots();
  const { upsert } = useInbox();
  const { notify } = useToasts();
  const { conversation, events, loading, error, setConversation } = useTranscript(conversationId);
  const { typists, onOperatorTyping } = useTyping(conversationId);
  const [correcting, setCorrecting] = useState<CorrectionTarget | null>(null);
  const drafts = useAnswerDrafts(conversationId, events);
  const [suggestion, setSuggestion] = useState<{ text: string } | null>(null);
  useReadReceipts(conversationId, events);

  if (!conversation) {
    return (
      <section className="conversation-pane" aria-label="Conversation">
        {error ? <ErrorMessage error={error} /> : <Loading what="the conversation" />}
      </section>
    );
  }

  const replyable = conversation.status === 'assigned' && conversation.assignee?.id === operator.id;
  return (
    <section className="conversation-pane" aria-labelledby="conversation-title">
      <header className="conversation-header">
        <h2 id="conversation-title">Conversation</h2>
        <StatusBadge status={conversation.status} />
        {conversation.assignee && <span>Assigned to {conversation.assignee.name}</span>}
        <SentimentBadge sentiment={conversation.sentiment} />
      </header>
      <ConversationActions
        conversation={conversation}
        onChanged={(updated) => {
          setConversation(updated);
          upsert(updated);
        }}
      />
      <ErrorMessage error={error} />
      {loading && events.length === 0 ? (
        <Loading what="the transcript" />
      ) : (
        <TranscriptView
          events={events}
          drafts={drafts}
          onCorrect={(event, kind, currentLabel) => {
            if (event.message.author !== 'customer') return;
            setCorrecting({
              conversationId,
              messageId: event.message.id,
              text: event.message.text,
              kind,
              currentLabel,
              candidates: event.message.classification?.intent?.top,
            });
          }}
        />
      )}
      <TypingIndicator typists={typists} />
      {conversation.status !== 'closed' &&
        (replyable ? (
          <TextComposer
            conversationId={conversationId}
            event="message:send"
            label="Reply"
            submitLabel="Send"
            hint="Enter sends, Shift+Enter starts a new line."
            onTyping={onOperatorTyping}
            prefill={suggestion}
            tools={
              <SuggestReplyButton
                botId={conversation.botId}
                question={latestCustomerText(events)}
                onSuggest={(text) => setSuggestion({ text })}
              />
            }
          />
        ) : (
          <p className="muted">Take over the conversation to reply to the customer.</p>
        ))}
      <TextComposer
        conversationId={conversationId}
        event="note:add"
        label="Internal note"
        submitLabel="Add note"
        className="note-composer"
      />
      {correcting && (
        <CorrectionDialog
          botId={bot?.id ?? null}
          target={correcting}
          onClose={() => setCorrecting(null)}
          onCorrected={(label) => notify(`Correction saved: ${label}`)}
        />
      )}
    </section>
  );
}
