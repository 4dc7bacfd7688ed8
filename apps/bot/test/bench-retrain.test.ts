import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test('bench:retrain runs (--quick: the demo at 4 examples a label) and ends with its JSON summary', { timeout: 300_000 }, async () => {
  const summary = await benchSmoke<{
    quick: boolean;
    firstStartSeconds: number;
    retrainSeconds: number;
    scratchRetrainSeconds: number;
    rows: Array<{ run: string; textsEmbedded: number | null; heldOutAccuracy: number | null; warmStarted: string }>;
  }>('bench/retrain.bench.ts', '--quick');
  assert.equal(summary.quick, true);
  for (const key of ['firstStartSeconds', 'retrainSeconds', 'scratchRetrainSeconds'] as const) assert.ok(summary[key] > 0, key);
  assert.equal(summary.rows.length, 4);
  // After five corrections only they (and their noisy copies) are embedded; every candidate is scored on held-out examples.
  const afterCorrections = summary.rows[2]!.textsEmbedded!;
  assert.ok(afterCorrections > 0 && afterCorrections <= 10, `embedded after corrections: ${afterCorrections}`);
  for (const row of summary.rows.slice(1)) assert.ok((row.heldOutAccuracy ?? 0) > 50, `${row.run}: ${row.heldOutAccuracy}`);
  // The console's Retrain starts the intent heads from the live ones; "from scratch" does not.
  assert.deepEqual(
    summary.rows.map((row) => row.warmStarted.split(' ').includes('en')),
    [false, true, true, false],
  );
});
