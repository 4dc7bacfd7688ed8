import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { invalid } from '../conversation/action-error.ts';
import { escapeCsvFormula, unescapeCsvFormula } from './csv-formulas.ts';
import { exampleLineSchema, type ExampleFormat, type ExampleLine } from '@parley/protocol';

const COLUMNS = ['text', 'label', 'split'] as const;

/** A file of examples: JSONL lines `{"text","label","split"}`, or CSV with the header `text,label,split`. */
export function formatExamples(lines: readonly ExampleLine[], format: ExampleFormat): string {
  if (format === 'jsonl') return lines.map(({ text, label, split }) => `${JSON.stringify({ text, label, split })}\n`).join('');
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (Chinese texts, emoji); parsing skips it.
  return stringify(
    lines.map(({ text, label, split }) => ({ text, label, split })),
    { header: true, columns: [...COLUMNS], bom: true, cast: { string: escapeCsvFormula } },
  );
}

/** How many bad lines an error names; the rest are counted. */
const NAMED_PROBLEMS = 5;

interface RawLine {
  /** 1-based line of the file where the example starts. */
  line: number;
  value: unknown;
}

const issuesOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'example'}: ${i.message}`).join(', ');

function refuse(problems: string[]): never {
  const more = problems.length > NAMED_PROBLEMS ? `; and ${problems.length - NAMED_PROBLEMS} more bad lines` : '';
  throw invalid(`nothing was imported: ${problems.slice(0, NAMED_PROBLEMS).join('; ')}${more}`);
}

function jsonlLines(content: string): RawLine[] {
  const lines: RawLine[] = [];
  const problems: string[] = [];
  content.split(/\r?\n/).forEach((text, index) => {
    if (text.trim() === '') return;
    try {
      lines.push({ line: index + 1, value: JSON.parse(text) });
    } catch {
      problems.push(`line ${index + 1}: not valid JSON`);
    }
  });
  if (problems.length > 0) refuse(problems);
  return lines;
}

function csvLines(content: string): RawLine[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number; empty_lines: number } }>;
  try {
    records = parse(content, { bom: true, columns: true, info: true, skip_empty_lines: true, cast: unescapeCsvFormula });
  } catch (error) {
    if (error instanceof CsvError) refuse([`line ${String((error as CsvError & { lines?: number }).lines ?? '?')}: ${error.message}`]);
    throw error;
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  if (records.length > 0 && !(header.includes('text') && header.includes('label')))
    refuse(['line 1: the header must name the columns text and label (split is optional)']);
  // info.lines is where a record ends; it starts after the previous one and any blank lines between them.
  let previousEnd = 1;
  let previousEmpty = 0;
  return records.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    [previousEnd, previousEmpty] = [info.lines, info.empty_lines];
    // An empty cell means "not given", like a JSONL line without the key.
    return { line, value: record.split === '' ? { ...record, split: undefined } : record };
  });
}

/** Reads an uploaded file whole: its examples, or a 400 naming the first bad lines (so nothing is stored). */
export function parseExampleFile(content: string, format: ExampleFormat): ExampleLine[] {
  const raw = format === 'jsonl' ? jsonlLines(content) : csvLines(content);
  if (raw.length === 0) refuse(['the file holds no examples']);
  const examples: ExampleLine[] = [];
  const problems: string[] = [];
  for (const { line, value } of raw) {
    const parsed = exampleLineSchema.safeParse(value);
    if (parsed.success) examples.push(parsed.data);
    else problems.push(`line ${line}: ${issuesOf(parsed.error)}`);
  }
  if (problems.length > 0) refuse(problems);
  return examples;
}
