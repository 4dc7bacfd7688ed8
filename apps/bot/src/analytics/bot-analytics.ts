import type { Analytics, AnalyticsDay as DailyStats } from '@parley/protocol';
import {
  classificationCounts,
  conversationCounts,
  messageCounts,
  topIntentCounts,
  type AnalyticsRange,
  type DayAndVersion,
} from '../db/analytics-store.ts';
import type { Queryable } from '../db/database.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Intents listed per model version. */
export const TOP_INTENTS = 10;

const emptyDay = ({ day, version }: DayAndVersion): DailyStats => ({
  day,
  modelVersion: version,
  conversations: 0,
  messages: 0,
  customerMessages: 0,
  handoffs: 0,
  contained: 0,
  outOfScope: 0,
  classified: 0,
  sentiment: {},
});

/**
 * A bot's last `days` UTC days (today included), per day and model version: conversations and how many went to
 * a person, message volumes, and what the model made of customer messages. Rates are left to the reader.
 */
export async function botAnalytics(db: Queryable, botId: string, days: number, now = new Date()): Promise<Analytics> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const range: AnalyticsRange = [botId, new Date(today - (days - 1) * DAY_MS), new Date(today + DAY_MS)];
  const [conversations, messages, classifications, top] = [
    await conversationCounts(db, range),
    await messageCounts(db, range),
    await classificationCounts(db, range),
    await topIntentCounts(db, range, TOP_INTENTS),
  ];
  const daily = new Map<string, DailyStats>();
  const at = (key: DayAndVersion) => {
    const id = `${key.day}|${key.version ?? ''}`;
    let stats = daily.get(id);
    if (!stats) daily.set(id, (stats = emptyDay(key)));
    return stats;
  };
  for (const row of conversations.rows) {
    const stats = at(row);
    stats.conversations += row.conversations;
    stats.handoffs += row.handoffs;
    stats.contained += row.conversations - row.handoffs;
  }
  for (const row of messages.rows) {
    const stats = at(row);
    stats.messages += row.messages;
    stats.customerMessages += row.customer_messages;
  }
  for (const row of classifications.rows) {
    const stats = at(row);
    stats.classified += row.classified;
    stats.outOfScope += row.out_of_scope;
    if (row.sentiment !== null) stats.sentiment[row.sentiment] = (stats.sentiment[row.sentiment] ?? 0) + row.classified;
  }
  // By day; a day's unclassified row (null version) last.
  const rows = [...daily.values()].sort(
    (a, b) => a.day.localeCompare(b.day) || (a.modelVersion ?? '\uffff').localeCompare(b.modelVersion ?? '\uffff'),
  );
  const versions = [...new Set(rows.flatMap((row) => (row.modelVersion === null ? [] : [row.modelVersion])))];
  return { from: range[1].toISOString(), to: range[2].toISOString(), versions, daily: rows, topIntents: top.rows };
}
