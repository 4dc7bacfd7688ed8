import type { Example } from '../classifier/types.ts';
import type { SourceRecord } from './data-columns.ts';
import { DatasetError } from './dataset-error.ts';

/** Trims text and label (spreadsheets leave stray spaces) and makes numeric labels strings, so 1 and "1" agree. */
export function toExample(file: string, record: SourceRecord): Example {
  const text = record.text.trim();
  const label = String(record.label).trim();
  if (text === '') throw new DatasetError(file, record.line, 'empty text');
  if (label === '') throw new DatasetError(file, record.line, 'empty label');
  return { text, label };
}
