import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test('bench:encoder runs (--quick: 64 sentences of the repository) and ends with its JSON summary', { timeout: 180_000 }, async () => {
  const summary = await benchSmoke('bench/encoder.bench.ts', '--quick');
  assert.equal(summary['quick'], true);
  assert.equal(summary['sentences'], 64);
  for (const key of ['tfjsPerSec', 'ortBatch1PerSec', 'ortBatch64PerSec', 'p50Ms', 'p99Ms', 'rssMb', 'firstStartMs', 'warmStartMs'])
    assert.ok(typeof summary[key] === 'number' && summary[key] > 0, `${key}: ${String(summary[key])}`);
  // The converted encoder is the reference model: the smoke still proves the conversion, not just that it ran.
  assert.ok((summary['parityMinCosine'] as number) >= 0.9999, `parity ${String(summary['parityMinCosine'])}`);
});
