import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Benchmarks read datasets by path from ../shared/data beside the repository (override: PARLEY_SHARED_DATA). */
export function sharedDataDir(): string {
  const dir = process.env.PARLEY_SHARED_DATA ?? path.join(repoRoot, '..', 'shared', 'data');
  if (!existsSync(dir)) throw new Error(`benchmark data not found at ${dir}; set PARLEY_SHARED_DATA`);
  return dir;
}

export interface Example {
  text: string;
  label: string;
}

export function readJsonl(dataset: string, split: string): Example[] {
  const file = path.join(sharedDataDir(), dataset, `${split}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as { text: string; label: string | number };
      return { text: row.text, label: String(row.label) };
    });
}

/** Every k-th item, so a sample spans the whole file rather than its first labels. */
export function spread<T>(items: readonly T[], count: number): T[] {
  const step = items.length / count;
  return Array.from({ length: Math.min(count, items.length) }, (_, i) => items[Math.floor(i * step)]!);
}

/** Writes bench/results/NAME.json at the repository root and returns its path. */
export function writeResult(name: string, result: unknown): string {
  const dir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
