import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test(
  'bench:bot runs (--quick: 20 clients, a small demo bot, beside the echo server) and ends with its JSON summary',
  { timeout: 300_000 },
  async () => {
    const summary = await benchSmoke<Record<string, number | boolean>>('bench/bot.bench.ts', '--quick');
    assert.equal(summary['quick'], true);
    assert.equal(summary['clients'], 20);
    for (const key of ['msgPerSec', 'p50Ms', 'p99Ms', 'rssMb', 'echoMsgPerSec', 'echoRatio'])
      assert.ok(typeof summary[key] === 'number' && (summary[key] as number) > 0, `${key}: ${String(summary[key])}`);
    assert.equal(summary['lost'], 0);
    assert.equal(summary['duplicated'], 0);
    assert.equal(summary['errors'], 0);
  },
);
