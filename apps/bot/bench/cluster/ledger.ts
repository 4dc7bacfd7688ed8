/**
 * The database's account of a chat load, the figures a fault test is judged on: every clientMessageId the
 * customers sent is stored exactly once (else lost or duplicated), and each stored customer message is followed
 * by exactly one bot message before the customer's next one (else unanswered or answered twice).
 */
import pg from 'pg';

export interface Ledger {
  /** Sent and not in the database. */
  lost: number;
  /** Stored more than once (the unique key should make this impossible). */
  duplicated: number;
  /** Stored, with no bot message after it. */
  unanswered: number;
  /** Stored, with more than one bot message before the next customer message. */
  answeredTwice: number;
  /** A few of the offending ids, to start from when a count is not 0. */
  examples: string[];
}

const PER_MESSAGE = `
  WITH customer AS (
    SELECT conversation_id, seq, client_message_id,
           lead(seq) OVER (PARTITION BY conversation_id ORDER BY seq) AS next_seq
      FROM messages
     WHERE sender = 'customer' AND kind = 'message' AND client_message_id LIKE $1 || '-%'
  )
  SELECT c.client_message_id AS id,
         (SELECT count(*)::int FROM messages b
           WHERE b.conversation_id = c.conversation_id AND b.sender = 'bot' AND b.kind = 'message'
             AND b.seq > c.seq AND (c.next_seq IS NULL OR b.seq < c.next_seq)) AS replies
    FROM customer c`;

export async function readLedger(databaseUrl: string, runTag: string, sent: readonly string[]): Promise<Ledger> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; replies: number }>(PER_MESSAGE, [runTag]);
    const stored = new Map<string, number>();
    const ledger: Ledger = { lost: 0, duplicated: 0, unanswered: 0, answeredTwice: 0, examples: [] };
    const note = (what: string) => {
      if (ledger.examples.length < 10) ledger.examples.push(what);
    };
    for (const row of rows) {
      stored.set(row.id, (stored.get(row.id) ?? 0) + 1);
      if (row.replies === 0) {
        ledger.unanswered++;
        note(`unanswered ${row.id}`);
      } else if (row.replies > 1) {
        ledger.answeredTwice++;
        note(`${row.replies} replies to ${row.id}`);
      }
    }
    for (const id of new Set(sent)) {
      const copies = stored.get(id) ?? 0;
      if (copies === 0) {
        ledger.lost++;
        note(`lost ${id}`);
      } else if (copies > 1) {
        ledger.duplicated += copies - 1;
        note(`${copies} copies of ${id}`);
      }
    }
    return ledger;
  } finally {
    await client.end();
  }
}
