import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

test('bench:encoder runs (--quick: 64 sentences of the repository) and ends with its JSON summary', { timeout: 180_000 }, async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/encoder.bench.ts', '--quick'], {
    cwd: packageDir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  assert.equal(summary['quick'], true);
  assert.equal(summary['sentences'], 64);
  for (const key of ['tfjsPerSec', 'ortBatch1PerSec', 'ortBatch64PerSec', 'p50Ms', 'p99Ms', 'rssMb', 'firstStartMs', 'warmStartMs'])
    assert.ok(typeof summary[key] === 'number' && summary[key] > 0, `${key}: ${String(summary[key])}`);
  // The converted encoder is the reference model: the smoke still proves the conversion, not just that it ran.
  assert.ok((summary['parityMinCosine'] as number) >= 0.9999, `parity ${String(summary['parityMinCosine'])}`);
});
