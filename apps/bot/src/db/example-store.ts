import type { Example as ModelExample } from '@parley/model';
import type { Queryable } from './database.ts';
import type { Example, ExampleLine, ExampleSplit, TrainingTask } from '@parley/protocol';

interface ExampleRow {
  id: string;
  task: Example['task'];
  text: string;
  label: string;
  split: ExampleSplit;
  source: Example['source'];
  created_at: Date;
  message_id: string | null;
  by_id: string | null;
  by_name: string | null;
}

const SELECT_EXAMPLES = `
  SELECT e.id, e.task, e.text, e.label, e.split, e.source, e.created_at, e.message_id, o.id AS by_id, o.display_name AS by_name
  FROM training_examples e LEFT JOIN operators o ON o.id = e.created_by`;

const toExample = (row: ExampleRow): Example => ({
  id: row.id,
  task: row.task,
  text: row.text,
  label: row.label,
  split: row.split,
  source: row.source,
  createdAt: row.created_at.toISOString(),
  createdBy: row.by_id === null ? null : { id: row.by_id, name: row.by_name ?? '' },
  messageId: row.message_id,
});

export interface ExampleFilter {
  task?: TrainingTask | undefined;
  label?: string | undefined;
  /** Matched as a case-insensitive substring of the text. */
  q?: string | undefined;
  split?: ExampleSplit | undefined;
}

// One WHERE for the page and its total; position() rather than LIKE, so `%` and `_` in a search are plain text.
const FILTER_WHERE = `e.bot_id = $1 AND ($2::text IS NULL OR e.task = $2) AND ($3::text IS NULL OR e.label = $3)
  AND ($4::text IS NULL OR position(lower($4) in lower(e.text)) > 0) AND ($5::text IS NULL OR e.split = $5)`;

const filterParams = (botId: string, filter: ExampleFilter) => [
  botId,
  filter.task ?? null,
  filter.label ?? null,
  filter.q ?? null,
  filter.split ?? null,
];

/** One page of a bot's examples, newest first, and how many match in all. */
export async function listExamples(
  db: Queryable,
  botId: string,
  filter: ExampleFilter,
  page: { limit: number; offset: number },
): Promise<{ examples: Example[]; total: number }> {
  const params = filterParams(botId, filter);
  const { rows } = await db.query<ExampleRow>(
    `${SELECT_EXAMPLES} WHERE ${FILTER_WHERE} ORDER BY e.created_at DESC, e.id LIMIT $6 OFFSET $7`,
    [...params, page.limit, page.offset],
  );
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM training_examples e WHERE ${FILTER_WHERE}`, params);
  return { examples: rows.map(toExample), total: total.rows[0]!.n };
}

export async function findExample(db: Queryable, botId: string, id: string): Promise<Example | undefined> {
  const { rows } = await db.query<ExampleRow>(`${SELECT_EXAMPLES} WHERE e.bot_id = $1 AND e.id = $2`, [botId, id]);
  return rows[0] && toExample(rows[0]);
}

/** Another example of the task with exactly this text and label, if any. */
export async function hasSameExample(
  db: Queryable,
  botId: string,
  example: { task: TrainingTask; text: string; label: string },
  exceptId: string | null = null,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM training_examples
     WHERE bot_id = $1 AND task = $2 AND label = $3 AND text = $4 AND ($5::uuid IS NULL OR id <> $5) LIMIT 1`,
    [botId, example.task, example.label, example.text, exceptId],
  );
  return rows.length > 0;
}

export async function insertEditorExample(
  db: Queryable,
  input: { botId: string; task: TrainingTask; operatorId: string } & ExampleLine,
): Promise<Example> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO training_examples (bot_id, task, text, label, split, source, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, 'editor', $6, $6) RETURNING id`,
    [input.botId, input.task, input.text, input.label, input.split, input.operatorId],
  );
  return (await findExample(db, input.botId, rows[0]!.id))!;
}

export async function updateExample(db: Queryable, botId: string, id: string, line: ExampleLine, operatorId: string): Promise<Example> {
  await db.query(
    `UPDATE training_examples SET text = $3, label = $4, split = $5, updated_at = now(), updated_by = $6 WHERE bot_id = $1 AND id = $2`,
    [botId, id, line.text, line.label, line.split, operatorId],
  );
  return (await findExample(db, botId, id))!;
}

export async function deleteExample(db: Queryable, botId: string, id: string): Promise<void> {
  await db.query('DELETE FROM training_examples WHERE bot_id = $1 AND id = $2', [botId, id]);
}

/** Deletes every example of one label of a task; returns how many went. */
export async function deleteLabelExamples(db: Queryable, botId: string, task: TrainingTask, label: string): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM training_examples WHERE bot_id = $1 AND task = $2 AND label = $3', [botId, task, label]);
  return rowCount;
}

/** Every example of a task as a file line, in a stable order so two exports of the same data are identical. */
export async function exampleLines(db: Queryable, botId: string, task: TrainingTask): Promise<ExampleLine[]> {
  const { rows } = await db.query<ExampleLine>(
    'SELECT text, label, split FROM training_examples WHERE bot_id = $1 AND task = $2 ORDER BY label COLLATE "C", text COLLATE "C", split',
    [botId, task],
  );
  return rows;
}

export interface LabelCount {
  task: TrainingTask;
  label: string;
  train: number;
  test: number;
}

export async function labelCounts(db: Queryable, botId: string): Promise<LabelCount[]> {
  const { rows } = await db.query<LabelCount>(
    `SELECT task, label, count(*) FILTER (WHERE split = 'train')::int AS train, count(*) FILTER (WHERE split = 'test')::int AS test
     FROM training_examples WHERE bot_id = $1 GROUP BY task, label ORDER BY label COLLATE "C"`,
    [botId],
  );
  return rows;
}

/**
 * A bot's examples of one task and split, sorted, so that the same examples always train the same model (for a
 * seed) and the same held-out set scores every candidate.
 */
export async function listTrainingExamples(db: Queryable, botId: string, task: TrainingTask, split: ExampleSplit): Promise<ModelExample[]> {
  const { rows } = await db.query<ModelExample>(
    'SELECT text, label FROM training_examples WHERE bot_id = $1 AND task = $2 AND split = $3 ORDER BY text COLLATE "C", label',
    [botId, task, split],
  );
  return rows;
}

/** Removes a task's curated examples (seed, import, editor), keeping corrections; returns how many went. */
export async function deleteCuratedExamples(db: Queryable, botId: string, task: TrainingTask): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM training_examples WHERE bot_id = $1 AND task = $2 AND source IN ('seed', 'import', 'editor')`,
    [botId, task],
  );
  return rowCount;
}

/**
 * Adds the lines of an imported file in one statement (thousands of single-row INSERTs take seconds on PGlite):
 * the first line of each text and label wins, and one already stored is skipped. Returns how many were added.
 */
export async function insertImportedExamples(
  db: Queryable,
  input: { botId: string; task: TrainingTask; operatorId: string; lines: readonly ExampleLine[] },
): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO training_examples (bot_id, task, text, label, split, source, created_by, updated_by)
     SELECT $1, $2, l.text, l.label, l.split, 'import', $3, $3
     FROM (
       SELECT DISTINCT ON (e->>'text', e->>'label') e->>'text' AS text, e->>'label' AS label, e->>'split' AS split, n
       FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS lines (e, n)
       ORDER BY e->>'text', e->>'label', n
     ) l
     WHERE NOT EXISTS (
       SELECT 1 FROM training_examples t WHERE t.bot_id = $1 AND t.task = $2 AND t.label = l.label AND t.text = l.text
     )
     ORDER BY l.n`,
    [input.botId, input.task, input.operatorId, JSON.stringify(input.lines)],
  );
  return rowCount;
}

/** Makes an operator's correction the message's one current example of the task, replacing an earlier correction. */
export async function replaceCorrectionExample(
  db: Queryable,
  input: { botId: string; task: TrainingTask; messageId: string; text: string; label: string; operatorId: string },
): Promise<void> {
  await db.query(`DELETE FROM training_examples WHERE message_id = $1 AND task = $2 AND source = 'correction'`, [
    input.messageId,
    input.task,
  ]);
  await db.query(
    `INSERT INTO training_examples (bot_id, task, text, label, source, message_id, created_by) VALUES ($1, $2, $3, $4, 'correction', $5, $6)`,
    [input.botId, input.task, input.text, input.label, input.messageId, input.operatorId],
  );
}
