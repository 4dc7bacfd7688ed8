import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_DATA_DIR } from '../../src/demo/demo-data.ts';

export const readJsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text: string; label: string });

/**
 * A temporary demo data directory with the first `perLabel` examples of each label of Bitext's train and test
 * files and of the templated sentiment set, and the English answers: the demo bot, trained in seconds.
 */
export function slicedDemoData(perLabel: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-demo-data-'));
  const slice = (examples: Array<{ text: string; label: string }>) => {
    const taken = new Map<string, number>();
    return examples.filter((e) => {
      const n = taken.get(e.label) ?? 0;
      taken.set(e.label, n + 1);
      return n < perLabel;
    });
  };
  for (const [sub, file] of [
    ['bitext', 'train.jsonl'],
    ['bitext', 'test.jsonl'],
    ['sentiment', 'train.jsonl'],
  ] as const) {
    mkdirSync(path.join(dir, sub), { recursive: true });
    const examples = readJsonl(path.join(DEMO_DATA_DIR, sub, file));
    writeFileSync(
      path.join(dir, sub, file),
      slice(examples)
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
  }
  copyFileSync(path.join(DEMO_DATA_DIR, 'bitext', 'answers.json'), path.join(dir, 'bitext', 'answers.json'));
  return dir;
}
