import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test('bench:model runs (--quick: the tiny test domain, trained once) and ends with its JSON summary', { timeout: 240_000 }, async () => {
  const summary = await benchSmoke('bench/model.bench.ts', '--quick');
  assert.equal(summary['quick'], true);
  assert.equal(summary['precision'], 'fp32');
  for (const name of ['tiny_intents', 'tiny_sentiment']) {
    const accuracy = (summary[name] as { accuracy: number }).accuracy;
    // Scored on its own training examples: anything but near-perfect means training or scoring broke.
    assert.ok(accuracy >= 90, `${name}: ${accuracy}`);
  }
  assert.ok(typeof summary['ece'] === 'number');
});
