import type { CustomerMessagePayload } from '../conversation/stored-payloads.ts';
import type { Queryable } from './database.ts';
import { handedOffSql } from './handed-off-sql.ts';

/** A customer message nobody has corrected yet, with what the model made of it, as stored. */
export interface ReviewCandidateRow {
  id: string;
  conversation_id: string;
  seq: number;
  text: string;
  created_at: Date;
  payload: CustomerMessagePayload | null;
  intent: string | null;
  confidence: number | null;
  sentiment: string | null;
  sentiment_score: number | null;
  model_version: string | null;
  /** Whether its conversation went to a person at some point. */
  handed_off: boolean;
}

/** The bot's newest `limit` customer messages that have no label correction, newest first. */
export async function uncorrectedCustomerMessages(db: Queryable, botId: string, limit: number): Promise<ReviewCandidateRow[]> {
  const { rows } = await db.query<ReviewCandidateRow>(
    `SELECT m.id, m.conversation_id, m.seq, m.text, m.created_at, m.payload, m.intent, m.confidence, m.sentiment, m.sentiment_score,
            m.model_version, ${handedOffSql('c')} AS handed_off
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.bot_id = $1 AND m.sender = 'customer' AND m.kind = 'message'
       AND NOT EXISTS (SELECT 1 FROM label_corrections lc WHERE lc.message_id = m.id)
     ORDER BY m.created_at DESC, m.seq DESC
     LIMIT $2`,
    [botId, limit],
  );
  return rows;
}
