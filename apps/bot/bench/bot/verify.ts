/**
 * The database's account of the run, read after the server has stopped: every acked message stored once, and
 * each customer message followed by a bot message. Cheap here because the run's database holds nothing else.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface DbCheck {
  customerRows: number;
  botRows: number;
  /** Customer rows beyond the first per (conversation, clientMessageId). */
  duplicateRows: number;
  /** Acked message ids the database does not have. */
  ackedMissing: number;
  /** Customer messages with no bot message after them in their conversation. */
  unansweredRows: number;
  ms: number;
}

const COUNTS = `SELECT
    count(*) FILTER (WHERE sender = 'customer')::int AS customer,
    count(*) FILTER (WHERE sender = 'bot')::int AS bot,
    (count(*) FILTER (WHERE sender = 'customer') - count(DISTINCT (conversation_id, client_message_id)) FILTER (WHERE sender = 'customer'))::int AS dup
  FROM messages`;
const UNANSWERED = `SELECT count(*)::int AS n FROM messages c WHERE c.sender = 'customer' AND NOT EXISTS
  (SELECT 1 FROM messages b WHERE b.conversation_id = c.conversation_id AND b.sender = 'bot' AND b.seq > c.seq)`;
const IDS = `SELECT id::text AS id FROM messages WHERE sender = 'customer'`;

type Query = <T>(sql: string) => Promise<T[]>;

async function check(query: Query, ackIds: ReadonlySet<string>): Promise<Omit<DbCheck, 'ms'>> {
  const [counts] = await query<{ customer: number; bot: number; dup: number }>(COUNTS);
  const [unanswered] = await query<{ n: number }>(UNANSWERED);
  const stored = new Set((await query<{ id: string }>(IDS)).map((row) => row.id));
  let ackedMissing = 0;
  for (const id of ackIds) if (!stored.has(id)) ackedMissing++;
  return {
    customerRows: counts!.customer,
    botRows: counts!.bot,
    duplicateRows: counts!.dup,
    ackedMissing,
    unansweredRows: unanswered!.n,
  };
}

export async function checkDatabase(target: { pgliteDir?: string; databaseUrl?: string }, ackIds: ReadonlySet<string>): Promise<DbCheck> {
  const started = performance.now();
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      const result = await check(async <T>(sql: string) => (await client.query(sql)).rows as T[], ackIds);
      return { ...result, ms: performance.now() - started };
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create(target.pgliteDir!);
  try {
    const result = await check(async <T>(sql: string) => (await db.query<T>(sql)).rows, ackIds);
    return { ...result, ms: performance.now() - started };
  } finally {
    await db.close();
  }
}
