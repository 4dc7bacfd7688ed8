import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

test('bench:model runs (--quick: the tiny test domain, trained once) and ends with its JSON summary', { timeout: 240_000 }, async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/model.bench.ts', '--quick'], {
    cwd: packageDir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  assert.equal(summary['quick'], true);
  assert.equal(summary['precision'], 'fp32');
  for (const name of ['tiny_intents', 'tiny_sentiment']) {
    const accuracy = (summary[name] as { accuracy: number }).accuracy;
    // Scored on its own training examples: anything but near-perfect means training or scoring broke.
    assert.ok(accuracy >= 90, `${name}: ${accuracy}`);
  }
  assert.ok(typeof summary['ece'] === 'number');
});
