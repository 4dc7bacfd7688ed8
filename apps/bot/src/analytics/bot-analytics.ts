import { OUT_OF_SCOPE_LABEL } from '@parley/model';
import type { Queryable } from '../db/database.ts';
import type { Analytics, DailyStats, TopIntent } from './analytics-schemas.ts';
import { handedOffSql } from './handed-off-sql.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Intents listed per model version. */
export const TOP_INTENTS = 10;

const UTC_DAY = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

// The bot's conversations active in the range, each with its model version (that of its first classified
// customer message) and whether it went to a person. Every event bumps updated_at, so a conversation with a
// message in the range has updated_at in it too.
const CONVERSATIONS_CTE = `
  WITH conv AS (
    SELECT c.id, c.created_at, ${handedOffSql('c')} AS handed_off,
      (SELECT f.model_version FROM messages f
       WHERE f.conversation_id = c.id AND f.sender = 'customer' AND f.kind = 'message' AND f.model_version IS NOT NULL
       ORDER BY f.seq LIMIT 1) AS version
    FROM conversations c WHERE c.bot_id = $1 AND c.updated_at >= $2
  )`;

const CUSTOMER_MESSAGES = `FROM messages m JOIN conversations c ON c.id = m.conversation_id
  WHERE c.bot_id = $1 AND m.sender = 'customer' AND m.kind = 'message' AND m.model_version IS NOT NULL
    AND m.created_at >= $2 AND m.created_at < $3`;

interface Key {
  day: string;
  version: string | null;
}

type Range = [botId: string, from: Date, to: Date];

const conversationCounts = (db: Queryable, range: Range) =>
  db.query<Key & { conversations: number; handoffs: number }>(
    `${CONVERSATIONS_CTE}
     SELECT ${UTC_DAY('created_at')} AS day, version, count(*)::int AS conversations, count(*) FILTER (WHERE handed_off)::int AS handoffs
     FROM conv WHERE created_at >= $2 AND created_at < $3 GROUP BY 1, 2`,
    range,
  );

const messageCounts = (db: Queryable, range: Range) =>
  db.query<Key & { messages: number; customer_messages: number }>(
    `${CONVERSATIONS_CTE}
     SELECT ${UTC_DAY('m.created_at')} AS day, conv.version, count(*)::int AS messages,
       count(*) FILTER (WHERE m.sender = 'customer')::int AS customer_messages
     FROM messages m JOIN conv ON conv.id = m.conversation_id
     WHERE m.kind = 'message' AND m.created_at >= $2 AND m.created_at < $3 GROUP BY 1, 2`,
    range,
  );

// Per day, the version that classified the message, and its sentiment label (null when only intent ran).
const classificationCounts = (db: Queryable, range: Range) =>
  db.query<Key & { sentiment: string | null; classified: number; out_of_scope: number }>(
    `SELECT ${UTC_DAY('m.created_at')} AS day, m.model_version AS version, m.sentiment, count(*)::int AS classified,
       count(*) FILTER (WHERE (m.payload->'classification'->'intent'->>'outOfScope') = 'true')::int AS out_of_scope
     ${CUSTOMER_MESSAGES} GROUP BY 1, 2, 3`,
    range,
  );

// Top intents are what customers came for: an out-of-scope guess (the `oos` label, or an intent the model flagged
// as out of scope) is counted by the out-of-scope rate instead. The label is a constant, not client input.
const IN_SCOPE = `m.intent <> '${OUT_OF_SCOPE_LABEL}' AND (m.payload->'classification'->'intent'->>'outOfScope') IS DISTINCT FROM 'true'`;

const topIntents = (db: Queryable, range: Range) =>
  db.query<TopIntent>(
    `SELECT version AS "modelVersion", intent, count FROM (
       SELECT m.model_version AS version, m.intent, count(*)::int AS count,
         row_number() OVER (PARTITION BY m.model_version ORDER BY count(*) DESC, m.intent) AS rank
       ${CUSTOMER_MESSAGES} AND m.intent IS NOT NULL AND ${IN_SCOPE} GROUP BY 1, 2
     ) ranked WHERE rank <= ${TOP_INTENTS} ORDER BY version, rank`,
    range,
  );

const emptyDay = ({ day, version }: Key): DailyStats => ({
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
  const range: Range = [botId, new Date(today - (days - 1) * DAY_MS), new Date(today + DAY_MS)];
  const [conversations, messages, classifications, top] = [
    await conversationCounts(db, range),
    await messageCounts(db, range),
    await classificationCounts(db, range),
    await topIntents(db, range),
  ];
  const daily = new Map<string, DailyStats>();
  const at = (key: Key) => {
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
