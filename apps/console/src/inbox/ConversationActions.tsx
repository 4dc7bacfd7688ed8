import type { ConversationSummary } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
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
  const { busy, error, run } = useAction();
  const { conversationId, status, assignee } = conversation;
  const mine = assignee?.id === operator.id;

  const change = (action: () => Promise<{ conversation: ConversationSummary }>) =>
    run(async () => onChanged((await action()).conversation));
  const statusAction = (event: StatusAction) => change(() => emitAck(socket, event, { conversationId }));

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
        onAssign={(operatorId) => change(() => emitAck(socket, 'conversation:assign', { conversationId, operatorId }))}
      />
      <ErrorMessage error={error} />
    </div>
  );
}
