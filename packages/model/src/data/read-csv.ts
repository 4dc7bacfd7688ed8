import { CsvError, parse } from 'csv-parse/sync';
import type { DataColumns, SourceRecords } from './data-columns.ts';
import { DatasetError } from './dataset-error.ts';

interface ParsedRow {
  record: string[];
  /** The record's source text, preceded by any blank lines skipped before it. */
  raw: string;
  /** The line the record ends on. */
  info: { lines: number };
}

/** A header row, then one example per record; quoted fields may hold commas, quotes and newlines. */
export function readCsv(content: string, file: string, columns: DataColumns): SourceRecords {
  const [header, ...rows] = parseRows(content, file);
  if (header === undefined) return { records: [], warnings: [] };

  const names = header.record.map((name) => name.trim());
  const warnings = duplicateColumnWarnings(file, names);
  const textIndex = columnIndex(file, names, columns.text);
  const labelIndex = columnIndex(file, names, columns.label);
  const records = rows.map((row) => ({
    line: startLine(row),
    // The parser rejects rows whose field count differs from the header's, so both indexes exist.
    text: row.record[textIndex]!,
    label: row.record[labelIndex]!,
  }));
  return { records, warnings };
}

function parseRows(content: string, file: string): ParsedRow[] {
  try {
    // csv-parse's typings ignore `info` and `raw`, which wrap each record in an object.
    return parse(content, { info: true, raw: true, skip_empty_lines: true }) as unknown as ParsedRow[];
  } catch (error) {
    if (error instanceof CsvError) throw new DatasetError(file, lineOf(error), `not valid CSV (${error.message})`, { cause: error });
    throw error;
  }
}

function lineOf(error: CsvError): number | undefined {
  return typeof error.lines === 'number' ? error.lines : undefined;
}

function columnIndex(file: string, names: string[], wanted: string): number {
  const index = names.indexOf(wanted);
  if (index === -1) throw new DatasetError(file, 1, `no "${wanted}" column (columns: ${names.join(', ')})`);
  return index;
}

function duplicateColumnWarnings(file: string, names: string[]): string[] {
  const repeated = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  return repeated.map((name) => `${file}:1: column "${name}" appears more than once; the first one is used`);
}

/** csv-parse reports where a record ends; errors read better pointing at where a multi-line record starts. */
function startLine(row: ParsedRow): number {
  const ownText = row.raw.replace(/^(\r?\n)+/, '').replace(/\r?\n$/, '');
  const innerNewlines = ownText.split('\n').length - 1;
  return row.info.lines - innerNewlines;
}
