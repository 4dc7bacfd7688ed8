import type { ConversationStatus } from '@parley/protocol';

const STATUS_TEXT: Record<ConversationStatus, string> = {
  bot: 'With the bot',
  waiting: 'Waiting',
  assigned: 'With an operator',
  closed: 'Closed',
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return <span className={`status status-${status}`}>{STATUS_TEXT[status]}</span>;
}
