import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Example } from '../classifier/types.ts';
import { defaultColumns, type DataColumns, type SourceRecords } from './data-columns.ts';
import { DatasetError } from './dataset-error.ts';
import { decodeUtf8 } from './decode-utf8.ts';
import { readCsv } from './read-csv.ts';
import { readJsonl } from './read-jsonl.ts';
import { toExample } from './to-example.ts';

export { DatasetError } from './dataset-error.ts';

export interface ReadExamplesOptions {
  /** CSV column (or JSONL key) holding the text; default "text". */
  textColumn?: string;
  /** CSV column (or JSONL key) holding the label; default "label". */
  labelColumn?: string;
}

type FormatReader = (content: string, file: string, columns: DataColumns) => SourceRecords;

const readers: Record<string, FormatReader> = { '.jsonl': readJsonl, '.csv': readCsv };

/**
 * Reads labelled examples from a .jsonl or .csv file. Every problem is a DatasetError naming the file and line;
 * `warnings` are oddities that did not stop the read.
 */
export async function readExamples(file: string, options: ReadExamplesOptions = {}): Promise<{ examples: Example[]; warnings: string[] }> {
  const extension = path.extname(file).toLowerCase();
  const reader = readers[extension];
  if (reader === undefined) {
    const known = Object.keys(readers).join(' or ');
    throw new DatasetError(file, undefined, `unsupported file type "${extension || '(none)'}" (expected ${known})`);
  }
  const columns = { text: options.textColumn ?? defaultColumns.text, label: options.labelColumn ?? defaultColumns.label };
  const content = decodeUtf8(await readBytes(file), file);
  const { records, warnings } = reader(content, file, columns);
  if (records.length === 0)
    throw new DatasetError(file, undefined, content.trim() === '' ? 'the file is empty' : 'no examples in the file');
  return { examples: records.map((record) => toExample(file, record)), warnings };
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new DatasetError(file, undefined, `cannot read (${reason})`, { cause: error });
  }
}
