import type { ClassificationSnapshot, ConversationStatus } from '@parley/protocol';
import type { InboxFilter } from '../conversation/summaries.ts';
import type { Queryable } from './database.ts';

/** What an inbox shows of a conversation, as stored. */
export interface SummaryRow {
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

export async function findSummaryRow(db: Queryable, conversationId: string): Promise<SummaryRow | undefined> {
  const { rows } = await db.query<SummaryRow>(`${SUMMARY_SELECT} WHERE c.id = $1`, [conversationId]);
  return rows[0];
}

/** A workspace's conversations matching `filter`, most recently active first, at most `limit`. */
export async function listSummaryRows(db: Queryable, workspaceId: string, filter: InboxFilter, limit: number): Promise<SummaryRow[]> {
  const params: unknown[] = [workspaceId];
  let where = 'b.workspace_id = $1';
  if (filter.statuses) where += ` AND c.status = ANY($${params.push([...filter.statuses])}::text[])`;
  if (filter.assigneeId) where += ` AND a.operator_id = $${params.push(filter.assigneeId)}`;
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY_SELECT} WHERE ${where} ORDER BY c.updated_at DESC LIMIT $${params.push(limit)}`,
    params,
  );
  return rows;
}
