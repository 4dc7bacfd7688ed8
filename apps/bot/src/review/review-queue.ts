import type { IntentSnapshot, SentimentSnapshot } from '@parley/protocol';
import type { AppContext } from '../app/context.ts';
import type { Bot } from '../db/bot-store.ts';
import type { CustomerMessagePayload } from '../conversation/stored-payloads.ts';
import { handedOffSql } from '../analytics/handed-off-sql.ts';
import type { ReviewItem, ReviewReason } from './review-schemas.ts';

/**
 * How many of the newest uncorrected customer messages are ranked: the queue is about what the model gets
 * wrong now, and the bound keeps the query one index scan however long the bot's history is.
 */
export const REVIEW_WINDOW = 2_000;

// Added to 1 − confidence: an out-of-scope message or a conversation a person had to take matters more than a
// merely unsure label; negative sentiment a little.
const BOOST: Record<Exclude<ReviewReason, 'low_confidence'>, number> = { out_of_scope: 0.5, handoff: 0.5, negative: 0.25 };

interface CandidateRow {
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
  handed_off: boolean;
}

const intentOf = (row: CandidateRow): IntentSnapshot | null =>
  row.payload?.classification?.intent ??
  (row.intent === null ? null : { label: row.intent, confidence: row.confidence ?? 0, outOfScope: false, top: [] });

const sentimentOf = (row: CandidateRow): SentimentSnapshot | null =>
  row.payload?.classification?.sentiment ?? (row.sentiment === null ? null : { label: row.sentiment, score: row.sentiment_score ?? 0 });

/**
 * The bot's customer messages nobody has corrected yet, most worth a look first: the least confident, those the
 * model thought out of scope, those of conversations that went to a person, and unhappy ones.
 */
export async function reviewQueue(ctx: AppContext, bot: Bot, limit: number): Promise<ReviewItem[]> {
  const thresholds = (await ctx.bots.get(bot.id))?.config.thresholds;
  const { rows } = await ctx.db.query<CandidateRow>(
    `SELECT m.id, m.conversation_id, m.seq, m.text, m.created_at, m.payload, m.intent, m.confidence, m.sentiment, m.sentiment_score,
            m.model_version, ${handedOffSql('c')} AS handed_off
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.bot_id = $1 AND m.sender = 'customer' AND m.kind = 'message'
       AND NOT EXISTS (SELECT 1 FROM label_corrections lc WHERE lc.message_id = m.id)
     ORDER BY m.created_at DESC, m.seq DESC
     LIMIT $2`,
    [bot.id, REVIEW_WINDOW],
  );
  const items = rows.map((row): ReviewItem => {
    const intent = intentOf(row);
    const sentiment = sentimentOf(row);
    const confidence = intent?.confidence ?? 0;
    const reasons: ReviewReason[] = [];
    if (!intent || confidence < (thresholds?.answerConfidence ?? 0.5)) reasons.push('low_confidence');
    if (intent?.outOfScope) reasons.push('out_of_scope');
    if (row.handed_off) reasons.push('handoff');
    if (sentiment && (thresholds?.negativeLabels ?? ['negative']).includes(sentiment.label)) reasons.push('negative');
    const boost = reasons.reduce((sum, reason) => sum + (reason === 'low_confidence' ? 0 : BOOST[reason]), 0);
    return {
      conversationId: row.conversation_id,
      messageId: row.id,
      seq: row.seq,
      text: row.text,
      createdAt: row.created_at.toISOString(),
      intent,
      sentiment,
      modelVersion: row.model_version,
      reasons,
      priority: Math.round((1 - confidence + boost) * 1000) / 1000,
    };
  });
  // Stable: among equals, the newer message (the query's order) stays first.
  return items.sort((a, b) => b.priority - a.priority).slice(0, limit);
}
