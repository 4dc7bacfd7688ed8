import type { ConversationStatus, HandoffReason } from '@parley/protocol';
import type { Queryable } from './database.ts';
import { isUuid } from './uuid.ts';

/** A conversation with what access checks and the inbox need: its workspace and current assignee. */
export interface ConversationRecord {
  id: string;
  botId: string;
  workspaceId: string;
  visitorId: string;
  channel: string;
  status: ConversationStatus;
  lastSeq: number;
  failureCount: number;
  assigneeId: string | null;
  handoffReason: HandoffReason | null;
  customerReadSeq: number;
  agentReadSeq: number;
  createdAt: Date;
  updatedAt: Date;
}

interface RecordRow {
  id: string;
  bot_id: string;
  workspace_id: string;
  visitor_id: string;
  channel: string;
  status: ConversationStatus;
  last_seq: number;
  failure_count: number;
  assignee_id: string | null;
  handoff_reason: HandoffReason | null;
  customer_read_seq: number;
  agent_read_seq: number;
  created_at: Date;
  updated_at: Date;
}

export const RECORD_SELECT = `SELECT c.id, c.bot_id, b.workspace_id, c.visitor_id, c.channel, c.status, c.last_seq, c.failure_count,
    a.operator_id AS assignee_id, c.handoff_reason, c.customer_read_seq, c.agent_read_seq, c.created_at, c.updated_at
  FROM conversations c JOIN bots b ON b.id = c.bot_id
  LEFT JOIN assignments a ON a.conversation_id = c.id AND a.released_at IS NULL`;

export const toRecord = (row: RecordRow): ConversationRecord => ({
  id: row.id,
  botId: row.bot_id,
  workspaceId: row.workspace_id,
  visitorId: row.visitor_id,
  channel: row.channel,
  status: row.status,
  lastSeq: row.last_seq,
  failureCount: row.failure_count,
  assigneeId: row.assignee_id,
  handoffReason: row.handoff_reason,
  customerReadSeq: row.customer_read_seq,
  agentReadSeq: row.agent_read_seq,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The conversation, or undefined; an id that is not a UUID is simply not found (no database error). */
export async function findConversationRecord(db: Queryable, id: string): Promise<ConversationRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<RecordRow>(`${RECORD_SELECT} WHERE c.id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

/** The visitor's most recent conversation that is not closed, to resume when the widget opens without an id. */
export async function openConversationOfVisitor(db: Queryable, visitorId: string): Promise<ConversationRecord | undefined> {
  const { rows } = await db.query<RecordRow>(
    `${RECORD_SELECT} WHERE c.visitor_id = $1 AND c.status <> 'closed' ORDER BY c.updated_at DESC LIMIT 1`,
    [visitorId],
  );
  return rows[0] && toRecord(rows[0]);
}
