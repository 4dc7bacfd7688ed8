import { hash } from '@node-rs/argon2';
import type { Example } from '@parley/model';
import { normalizeEmail } from '../auth/identifiers.ts';
import type { Queryable } from './database.ts';
import { MIN_PASSWORD_LENGTH, OPERATOR_COLUMNS, toOperator, type Operator } from './operator-store.ts';
import type { ExampleSource, ExampleSplit, TrainingTask } from '@parley/protocol';

// Queries only the demo seed needs.

/** The oldest bot called `botName` in a workspace called `workspaceName`. */
export async function findBotIdByNames(db: Queryable, workspaceName: string, botName: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT b.id FROM bots b JOIN workspaces w ON w.id = b.workspace_id WHERE w.name = $1 AND b.name = $2 ORDER BY b.created_at LIMIT 1`,
    [workspaceName, botName],
  );
  return rows[0]?.id;
}

export async function findOperatorByEmail(db: Queryable, email: string): Promise<Operator | undefined> {
  const { rows } = await db.query<Parameters<typeof toOperator>[0]>(`SELECT ${OPERATOR_COLUMNS} FROM operators WHERE email = $1`, [
    normalizeEmail(email),
  ]);
  return rows[0] && toOperator(rows[0]);
}

/** Replaces an operator's password (argon2id, like createOperator). */
export async function setOperatorPassword(db: Queryable, operatorId: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  await db.query('UPDATE operators SET password_hash = $2 WHERE id = $1', [operatorId, await hash(password)]);
}

/** Adds examples in one statement: thousands of single-row INSERTs take seconds on PGlite. */
export async function addTrainingExamples(
  db: Queryable,
  input: { botId: string; task: TrainingTask; source: ExampleSource; split?: ExampleSplit; examples: readonly Example[] },
): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO training_examples (bot_id, task, text, label, source, split)
     SELECT $1, $2, e->>'text', e->>'label', $3, $5 FROM jsonb_array_elements($4::jsonb) AS e`,
    [
      input.botId,
      input.task,
      input.source,
      JSON.stringify(input.examples.map(({ text, label }) => ({ text, label }))),
      input.split ?? 'train',
    ],
  );
  return rowCount;
}

export async function countTrainingExamples(db: Queryable, botId: string, filter: { source?: ExampleSource; split?: ExampleSplit } = {}) {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM training_examples
     WHERE bot_id = $1 AND ($2::text IS NULL OR source = $2) AND ($3::text IS NULL OR split = $3)`,
    [botId, filter.source ?? null, filter.split ?? null],
  );
  return rows[0]!.n;
}
