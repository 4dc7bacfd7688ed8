import { LIMITS, truncate, type ClassificationSnapshot, type ConversationStatus, type ConversationSummary } from '@parley/protocol';
import type { Queryable } from '../db/database.ts';
import type { OperatorNames } from './operator-names.ts';

interface SummaryRow {
  id: string;
  bot_id: string;
  status: ConversationStatus;
  last_seq: number;
  created_at: Date;
  updated_at: Date;
  assignee_id: string | null;
  preview: string | null;
  customer_preview: string | null;
  visitor_id: string;
  customer_name: string | null;
  channel: string;
  classification: ClassificationSnapshot | null;
  unread: number;
}

// The latest message's text, and the latest customer message's text and classification: each is one backward
// step on the (conversation_id, seq) index per conversation.
const SUMMARY_SELECT = `SELECT c.id, c.bot_id, c.status, c.last_seq, c.created_at, c.updated_at, a.operator_id AS assignee_id,
    (SELECT m.text FROM messages m WHERE m.conversation_id = c.id AND m.kind = 'message' ORDER BY m.seq DESC LIMIT 1) AS preview,
    c.visitor_id, NULLIF(btrim(v.display_name), '') AS customer_name,
    COALESCE((SELECT ch.kind FROM channels ch WHERE ch.id = c.channel_id), c.channel) AS channel,
    lc.text AS customer_preview, lc.classification,
    (SELECT count(*)::int FROM messages m
      WHERE m.conversation_id = c.id AND m.seq > c.agent_read_seq AND m.kind = 'message' AND m.sender = 'customer') AS unread
  FROM conversations c JOIN bots b ON b.id = c.bot_id JOIN visitors v ON v.id = c.visitor_id
  LEFT JOIN assignments a ON a.conversation_id = c.id AND a.released_at IS NULL
  LEFT JOIN LATERAL (SELECT m.text, m.payload -> 'classification' AS classification FROM messages m
      WHERE m.conversation_id = c.id AND m.kind = 'message' AND m.sender = 'customer' ORDER BY m.seq DESC LIMIT 1) lc ON true`;

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
  const { rows } = await db.query<SummaryRow>(`${SUMMARY_SELECT} WHERE c.id = $1`, [conversationId]);
  if (!rows[0]) throw new Error(`conversation ${conversationId} vanished`);
  return (await toSummaries(rows, names))[0]!;
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
  const params: unknown[] = [workspaceId];
  let where = 'b.workspace_id = $1';
  if (filter.statuses) where += ` AND c.status = ANY($${params.push([...filter.statuses])}::text[])`;
  if (filter.assigneeId) where += ` AND a.operator_id = $${params.push(filter.assigneeId)}`;
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY_SELECT} WHERE ${where} ORDER BY c.updated_at DESC LIMIT $${params.push(limit + 1)}`,
    params,
  );
  return { conversations: await toSummaries(rows.slice(0, limit), names), hasMore: rows.length > limit };
}

/** Whether a summary belongs in an inbox with this filter. */
export function matchesFilter(summary: ConversationSummary, filter: InboxFilter): boolean {
  if (filter.statuses && !filter.statuses.includes(summary.status)) return false;
  if (filter.assigneeId && summary.assignee?.id !== filter.assigneeId) return false;
  return true;
}
