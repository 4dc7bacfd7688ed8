import { InvalidArgumentError, type Command } from 'commander';
import type { Example } from '../classifier/types.ts';
import { readExamples, type ReadExamplesOptions } from '../data/read-examples.ts';

export interface ColumnFlags {
  textColumn: string;
  labelColumn: string;
}

/** The flags every command that reads a data file shares. */
export function addColumnOptions(command: Command): Command {
  return command
    .option('--text-column <name>', 'CSV column (or JSONL key) with the text', 'text')
    .option('--label-column <name>', 'CSV column (or JSONL key) with the label', 'label');
}

export function columnsOf(flags: ColumnFlags): ReadExamplesOptions {
  return { textColumn: flags.textColumn, labelColumn: flags.labelColumn };
}

/** Reads a data file and prints its warnings, which are worth seeing even when the command succeeds. */
export async function readDataFile(file: string, flags: ColumnFlags): Promise<Example[]> {
  const { examples, warnings } = await readExamples(file, columnsOf(flags));
  printWarnings(warnings);
  return examples;
}

export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
}

export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seed)) throw new InvalidArgumentError('expected a non-negative integer');
  return seed;
}
