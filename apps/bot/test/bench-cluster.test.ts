import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test(
  'bench:cluster --quick runs 1 node and 3 nodes behind the balancer, kills one, and ends with its JSON summary',
  { timeout: 300_000 },
  async () => {
    const summary = await benchSmoke<Record<string, unknown>>('bench/cluster.bench.ts', '--quick');
    assert.equal(summary['quick'], true);
    assert.equal(summary['nodes'], 3);
    for (const key of ['msgPerSec', 'singleNodeMsgPerSec', 'ratio', 'reconnectP99Ms'])
      assert.ok(typeof summary[key] === 'number' && summary[key] > 0, `${key}: ${String(summary[key])}`);
    assert.equal((summary['rssMbPerNode'] as number[]).length, 3);
    // The killed node's customers came back through the others, and the database lost and doubled nothing.
    assert.ok((summary['killReconnects'] as number) > 0, 'nobody reconnected after the kill');
    assert.equal(summary['killLost'], 0);
    assert.equal(summary['killDuplicated'], 0);
  },
);
