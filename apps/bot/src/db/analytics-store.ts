import { OUT_OF_SCOPE_LABEL } from '@parley/model';
import type { TopIntent } from '@parley/protocol';
import type { Queryable } from './database.ts';
import { handedOffSql } from './handed-off-sql.ts';

// The queries behind a bot's analytics (analytics/bot-analytics.ts), each counting per UTC day and model version.

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

export interface DayAndVersion {
  day: string;
  version: string | null;
}

/** A bot and a time range, from inclusive, to exclusive: the first three parameters of every query here. */
export type AnalyticsRange = [botId: string, from: Date, to: Date];

export const conversationCounts = (db: Queryable, range: AnalyticsRange) =>
  db.query<DayAndVersion & { conversations: number; handoffs: number }>(
    `${CONVERSATIONS_CTE}
     SELECT ${UTC_DAY('created_at')} AS day, version, count(*)::int AS conversations, count(*) FILTER (WHERE handed_off)::int AS handoffs
     FROM conv WHERE created_at >= $2 AND created_at < $3 GROUP BY 1, 2`,
    range,
  );

export const messageCounts = (db: Queryable, range: AnalyticsRange) =>
  db.query<DayAndVersion & { messages: number; customer_messages: number }>(
    `${CONVERSATIONS_CTE}
     SELECT ${UTC_DAY('m.created_at')} AS day, conv.version, count(*)::int AS messages,
       count(*) FILTER (WHERE m.sender = 'customer')::int AS customer_messages
     FROM messages m JOIN conv ON conv.id = m.conversation_id
     WHERE m.kind = 'message' AND m.created_at >= $2 AND m.created_at < $3 GROUP BY 1, 2`,
    range,
  );

// Per day, the version that classified the message, and its sentiment label (null when only intent ran).
export const classificationCounts = (db: Queryable, range: AnalyticsRange) =>
  db.query<DayAndVersion & { sentiment: string | null; classified: number; out_of_scope: number }>(
    `SELECT ${UTC_DAY('m.created_at')} AS day, m.model_version AS version, m.sentiment, count(*)::int AS classified,
       count(*) FILTER (WHERE (m.payload->'classification'->'intent'->>'outOfScope') = 'true')::int AS out_of_scope
     ${CUSTOMER_MESSAGES} GROUP BY 1, 2, 3`,
    range,
  );

// Top intents are what customers came for: an out-of-scope guess (the `oos` label, or an intent the model flagged
// as out of scope) is counted by the out-of-scope rate instead. The label is a constant, not client input.
const IN_SCOPE = `m.intent <> '${OUT_OF_SCOPE_LABEL}' AND (m.payload->'classification'->'intent'->>'outOfScope') IS DISTINCT FROM 'true'`;

/** Per model version, its `limit` most frequent in-scope intents. */
export const topIntentCounts = (db: Queryable, range: AnalyticsRange, limit: number) =>
  db.query<TopIntent>(
    `SELECT version AS "modelVersion", intent, count FROM (
       SELECT m.model_version AS version, m.intent, count(*)::int AS count,
         row_number() OVER (PARTITION BY m.model_version ORDER BY count(*) DESC, m.intent) AS rank
       ${CUSTOMER_MESSAGES} AND m.intent IS NOT NULL AND ${IN_SCOPE} GROUP BY 1, 2
     ) ranked WHERE rank <= $4 ORDER BY version, rank`,
    [...range, limit],
  );
