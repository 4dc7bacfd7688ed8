import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test('bench:encoder runs (--quick: 64 sentences of the repository) and ends with its JSON summary', { timeout: 180_000 }, async () => {
  const summary = await benchSmoke('bench/encoder.bench.ts', '--quick');
  assert.equal(summary['quick'], true);
  assert.equal(summary['sentences'], 64);
  for (const key of [
    'tfjsPerSec',
    'ortBatch1PerSec',
    'ortBatch64PerSec',
    'p50Ms',
    'p99Ms',
    'rssMb',
    'firstStartMs',
    'warmStartMs',
    'transformersJsPerSec',
    'transformersJsRatio',
    'transformersJsP50Ms',
  ])
    assert.ok(typeof summary[key] === 'number' && summary[key] > 0, `${key}: ${String(summary[key])}`);
  // The ratio is measured, not copied: it is transformers.js's throughput over the USE-lite ONNX path's.
  const ortPerSec = Math.max(summary['ortBatch1PerSec'] as number, summary['ortBatch64PerSec'] as number);
  assert.ok(Math.abs((summary['transformersJsPerSec'] as number) / ortPerSec - (summary['transformersJsRatio'] as number)) < 0.02);
  // The converted encoder is the reference model: the smoke still proves the conversion, not just that it ran.
  assert.ok((summary['parityMinCosine'] as number) >= 0.9999, `parity ${String(summary['parityMinCosine'])}`);
});
