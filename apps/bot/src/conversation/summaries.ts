import { LIMITS, truncate, type ConversationStatus, type ConversationSummary } from '@parley/protocol';
import { findSummaryRow, listSummaryRows, type SummaryRow } from '../db/conversation-summary-store.ts';
import type { Queryable } from '../db/database.ts';
import type { OperatorNames } from './operator-names.ts';

async function toSummaries(rows: SummaryRow[], names: OperatorNames): Promise<ConversationSummary[]> {
  const refs = await names.refs(rows.map((row) => row.assignee_id));
  return rows.map((row) => ({
    conversationId: row.id,
    status: row.status,
    assignee: row.assignee_id ? (refs.get(row.assignee_id) ?? { id: row.assignee_id, name: 'Former operator' }) : null,
    latestSeq: row.last_seq,
    startedAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
    preview: row.preview ? truncate(row.preview, LIMITS.preview) : null,
    intent: row.classification?.intent ?? null,
    sentiment: row.classification?.sentiment ?? null,
    unread: row.unread,
    botId: row.bot_id,
    customer: { visitorId: row.visitor_id, name: row.customer_name && truncate(row.customer_name, LIMITS.label), channel: row.channel },
    customerPreview: row.customer_preview ? truncate(row.customer_preview, LIMITS.preview) : null,
  }));
}

export async function conversationSummary(db: Queryable, names: OperatorNames, conversationId: string): Promise<ConversationSummary> {
  const row = await findSummaryRow(db, conversationId);
  if (!row) throw new Error(`conversation ${conversationId} vanished`);
  return (await toSummaries([row], names))[0]!;
}

export interface InboxFilter {
  statuses?: readonly ConversationStatus[] | undefined;
  /** Only conversations assigned to this operator. */
  assigneeId?: string | undefined;
}

/** A workspace's conversations matching `filter`, most recently active first, one page of at most `limit`. */
export async function listSummaries(
  db: Queryable,
  names: OperatorNames,
  workspaceId: string,
  filter: InboxFilter,
  limit: number = LIMITS.inboxPage,
): Promise<{ conversations: ConversationSummary[]; hasMore: boolean }> {
  const rows = await listSummaryRows(db, workspaceId, filter, limit + 1);
  return { conversations: await toSummaries(rows.slice(0, limit), names), hasMore: rows.length > limit };
}

/** Whether a summary belongs in an inbox with this filter. */
export function matchesFilter(summary: ConversationSummary, filter: InboxFilter): boolean {
  if (filter.statuses && !filter.statuses.includes(summary.status)) return false;
  if (filter.assigneeId && summary.assignee?.id !== filter.assigneeId) return false;
  return true;
}
