import { z } from 'zod';
import type { DataColumns, SourceRecords } from './data-columns.ts';
import { DatasetError } from './dataset-error.ts';

/** Zod's own wording ("expected string, received undefined") reads poorly next to a file and line. */
const describe = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is missing' : `must be ${expected}, not ${issue.input === null ? 'null' : typeof issue.input}`;

function recordSchema(columns: DataColumns) {
  return z.object(
    {
      [columns.text]: z.string({ error: describe('a string') }),
      [columns.label]: z.union([z.string(), z.number()], { error: describe('a string or a number') }),
    },
    { error: 'not a JSON object' },
  );
}

/** One JSON object per line; blank lines are allowed so files can be concatenated or hand-edited. */
export function readJsonl(content: string, file: string, columns: DataColumns): SourceRecords {
  const schema = recordSchema(columns);
  const records: SourceRecords['records'] = [];
  content.split('\n').forEach((source, index) => {
    const line = index + 1;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new DatasetError(file, line, `not valid JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length > 0 ? `"${String(issue.path[0])}" ` : '';
      throw new DatasetError(file, line, `${field}${issue.message}`);
    }
    records.push({ line, text: parsed.data[columns.text] as string, label: parsed.data[columns.label] as string | number });
  });
  return { records, warnings: [] };
}
