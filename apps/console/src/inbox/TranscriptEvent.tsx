import type { OperatorConversationEvent } from '@parley/protocol';
import { humanize, time } from '../lib/format.ts';
import { MessageChips } from './MessageChips.tsx';
import { CitationList } from '../components/CitationList.tsx';
import type { CorrectedLabels } from './transcript-events.ts';

interface Props {
  event: OperatorConversationEvent;
  corrected: CorrectedLabels | undefined;
  /** For a customer message: its model differs from the previous message's. */
  modelChanged?: boolean;
  /** For a correction: it keeps the model's own label. */
  confirmation?: boolean;
  onCorrect(kind: 'intent' | 'sentiment'): void;
}

export function TranscriptEvent({ event, corrected, modelChanged = false, confirmation = false, onCorrect }: Props) {
  const at = <time dateTime={new Date(event.at).toISOString()}>{time(event.at)}</time>;
  switch (event.type) {
    case 'message': {
      const { message } = event;
      const author = message.author === 'operator' ? message.operator.name : message.author === 'bot' ? 'Bot' : 'Customer';
      return (
        <li className={`event message message-${message.author}`}>
          <p className="event-meta">
            <strong>{author}</strong> {at}
          </p>
          <p className="message-text">{message.text}</p>
          {message.author === 'customer' && (
            <MessageChips classification={message.classification} corrected={corrected} modelChanged={modelChanged} onCorrect={onCorrect} />
          )}
          {message.author === 'bot' && message.citations && <CitationList citations={message.citations} />}
          {message.author === 'bot' && message.quickReplies && (
            <p className="muted">Quick replies: {message.quickReplies.map((reply) => reply.label).join(', ')}</p>
          )}
        </li>
      );
    }
    case 'status':
      return (
        <li className="event system">
          {statusText(event)} {at}
        </li>
      );
    case 'note':
      return (
        <li className="event note">
          <p className="event-meta">
            <strong>Internal note</strong> by {event.note.author.name} {at} <span className="muted">(not shown to the customer)</span>
          </p>
          <p className="message-text">{event.note.text}</p>
        </li>
      );
    case 'correction':
      return (
        <li className="event system correction">
          {event.by.name} {confirmation ? 'confirmed' : 'corrected'} the {event.kind === 'sentiment' ? 'sentiment' : 'intent'} of message{' '}
          {confirmation ? 'as' : 'to'} “{event.label}”{event.kind === 'new_intent' && ' (new intent)'} {at}
        </li>
      );
  }
}

function statusText(event: Extract<OperatorConversationEvent, { type: 'status' }>): string {
  const by = event.by ? ` by ${event.by.name}` : '';
  switch (event.status) {
    case 'waiting':
      return `Handoff requested${event.reason ? ` (${humanize(event.reason)})` : ''}: waiting for a person`;
    case 'assigned':
      return `Assigned to ${event.assignee?.name ?? 'an operator'}${by}`;
    case 'bot':
      return `Handed back to the bot${by}`;
    case 'closed':
      return `Conversation closed${by}`;
  }
}
