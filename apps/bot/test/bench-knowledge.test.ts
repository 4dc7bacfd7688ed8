import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test('bench:knowledge --quick runs on the demo help centre and ends with its JSON summary', { timeout: 300_000 }, async () => {
  const summary = await benchSmoke('bench/knowledge.bench.ts', '--quick');
  assert.equal(summary['quick'], true);
  for (const key of ['searchP95Ms', 'ingestChunksPerSec', 'extractiveAddedMs', 'chunks'])
    assert.ok(typeof summary[key] === 'number' && summary[key] > 0, key);
  const demo = summary['demo'] as Record<string, number>;
  for (const method of ['lexical', 'dense', 'hybrid'])
    for (const figure of ['Hit1', 'Hit5', 'Mrr']) assert.equal(typeof demo[`${method}${figure}`], 'number', `${method}${figure}`);
  // The demo questions are written against these pages: hybrid retrieval must find nearly all of them.
  assert.ok(demo['hybridHit5']! >= 85, `hybrid hit@5 ${demo['hybridHit5']}`);
  assert.ok(demo['hybridMrr']! >= demo['denseMrr']!, 'hybrid below dense alone');
});
