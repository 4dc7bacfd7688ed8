import type { IntentSnapshot, ReviewItem, ReviewReason, SentimentSnapshot } from '@parley/protocol';
import type { AppContext } from '../app/context.ts';
import type { Bot } from '../db/bot-store.ts';
import { uncorrectedCustomerMessages, type ReviewCandidateRow } from '../db/review-store.ts';

/**
 * How many of the newest uncorrected customer messages are ranked: the queue is about what the model gets
 * wrong now, and the bound keeps the query one index scan however long the bot's history is.
 */
export const REVIEW_WINDOW = 2_000;

// Added to 1 − confidence: an out-of-scope message or a conversation a person had to take matters more than a
// merely unsure label; negative sentiment a little.
const BOOST: Record<Exclude<ReviewReason, 'low_confidence'>, number> = { out_of_scope: 0.5, handoff: 0.5, negative: 0.25 };

const intentOf = (row: ReviewCandidateRow): IntentSnapshot | null =>
  row.payload?.classification?.intent ??
  (row.intent === null ? null : { label: row.intent, confidence: row.confidence ?? 0, outOfScope: false, top: [] });

const sentimentOf = (row: ReviewCandidateRow): SentimentSnapshot | null =>
  row.payload?.classification?.sentiment ?? (row.sentiment === null ? null : { label: row.sentiment, score: row.sentiment_score ?? 0 });

/**
 * The bot's customer messages nobody has corrected yet, most worth a look first: the least confident, those the
 * model thought out of scope, those of conversations that went to a person, and unhappy ones.
 */
export async function reviewQueue(ctx: AppContext, bot: Bot, limit: number): Promise<ReviewItem[]> {
  const thresholds = (await ctx.bots.get(bot.id))?.config.thresholds;
  const rows = await uncorrectedCustomerMessages(ctx.db, bot.id, REVIEW_WINDOW);
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
