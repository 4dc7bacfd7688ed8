import { randomBytes } from 'node:crypto';
import type { ConversationStatus } from '@parley/protocol';
import type { Queryable } from '../../src/db/database.ts';
import type { CustomerMessagePayload, StatusPayload } from '../../src/conversation/stored-payloads.ts';

// Conversations and messages written straight into the tables, with chosen times and classifications, for
// queries over history (review queue, analytics) that real turns could only produce at today's date.

export async function insertConversation(
  db: Queryable,
  input: { botId: string; createdAt: Date; status?: ConversationStatus; handoffReason?: string },
): Promise<string> {
  const visitor = await db.query<{ id: string }>('INSERT INTO visitors (bot_id, token_hash) VALUES ($1, $2) RETURNING id', [
    input.botId,
    randomBytes(8).toString('hex'),
  ]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO conversations (bot_id, visitor_id, status, handoff_reason, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [input.botId, visitor.rows[0]!.id, input.status ?? 'bot', input.handoffReason ?? null, input.createdAt],
  );
  return rows[0]!.id;
}

export interface SeededClassification {
  intent?: { label: string; confidence: number; outOfScope?: boolean };
  sentiment?: { label: string; score: number };
  modelVersion: string;
}

export type SeededEvent =
  | { sender: 'customer'; text?: string; classification?: SeededClassification }
  | { sender: 'bot'; text?: string }
  | { status: ConversationStatus };

/** Appends events at `at` with the conversation's next seqs, the way the server stores them; returns their ids. */
export async function insertEvents(db: Queryable, conversationId: string, at: Date, events: readonly SeededEvent[]): Promise<string[]> {
  const ids: string[] = [];
  for (const event of events) {
    const { rows: seqs } = await db.query<{ seq: number }>(
      'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq AS seq',
      [conversationId],
    );
    const seq = seqs[0]!.seq;
    const c = 'sender' in event && event.sender === 'customer' ? event.classification : undefined;
    const payload: CustomerMessagePayload | StatusPayload | null =
      'status' in event
        ? { status: event.status, assigneeId: null }
        : c
          ? {
              classification: {
                intent: c.intent
                  ? { outOfScope: false, top: [{ label: c.intent.label, confidence: c.intent.confidence }], ...c.intent }
                  : null,
                sentiment: c.sentiment ?? null,
                modelVersion: c.modelVersion,
                latencyMs: 1,
              },
            }
          : null;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO messages (conversation_id, seq, kind, sender, text, payload, intent, confidence, sentiment, sentiment_score, model_version, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        conversationId,
        seq,
        'status' in event ? 'status' : 'message',
        'status' in event ? 'system' : event.sender,
        'status' in event ? '' : (event.text ?? `message ${seq}`),
        payload && JSON.stringify(payload),
        c?.intent?.label ?? null,
        c?.intent?.confidence ?? null,
        c?.sentiment?.label ?? null,
        c?.sentiment?.score ?? null,
        c?.modelVersion ?? null,
        at,
      ],
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}
