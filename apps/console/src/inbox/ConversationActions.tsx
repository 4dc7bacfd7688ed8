import type { ConversationSummary } from '@parley/protocol';
import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { emitAck } from '../realtime/operator-socket.ts';
import { useSocket } from '../realtime/socket-context.ts';
import { useOperator } from '../session/session-context.ts';
import { AssignControl } from './AssignControl.tsx';

interface Props {
  conversation: ConversationSummary;
  onChanged(conversation: ConversationSummary): void;
}

type StatusAction = 'conversation:take-over' | 'conversation:hand-back' | 'conversation:close';

export function ConversationActions({ conversation, onChanged }: Props) {
  const { socket } = useSocket();
  const operator = useOperator();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { conversationId, status, assignee } = conversation;
  const mine = assignee?.id === operator.id;

  const run = async (action: () => Promise<{ conversation: ConversationSummary }>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged((await action()).conversation);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const statusAction = (event: StatusAction) => run(() => emitAck(socket, event, { conversationId }));

  if (status === 'closed') return <p className="muted">This conversation is closed.</p>;
  return (
    <div className="conversation-actions">
      <div className="button-row">
        {!mine && (
          <button type="button" className="primary" disabled={busy} onClick={() => statusAction('conversation:take-over')}>
            Take over
          </button>
        )}
        {status === 'assigned' && (
          <button type="button" disabled={busy} onClick={() => statusAction('conversation:hand-back')}>
            Hand back to bot
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => statusAction('conversation:close')}>
          Close conversation
        </button>
      </div>
      <AssignControl
        currentAssigneeId={assignee?.id ?? null}
        busy={busy}
        onAssign={(operatorId) => run(() => emitAck(socket, 'conversation:assign', { conversationId, operatorId }))}
      />
      <ErrorMessage error={error} />
    </div>
  );
}
