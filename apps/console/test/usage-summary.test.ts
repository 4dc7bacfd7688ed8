import type { LlmDailyUsage } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCost, sumTokens, usageByModel } from '../src/usage/usage-summary.ts';

const day = (d: string, model: string, inputTokens: number, outputTokens: number, costUsd: number | null): LlmDailyUsage => ({
  day: d,
  model,
  calls: 1,
  inputTokens,
  outputTokens,
  estimatedCalls: 0,
  costUsd,
});

describe('token usage and cost', () => {
  it('adds days up per model, an unknown price staying unknown', () => {
    const rows = usageByModel([
      day('2026-12-01', 'gpt-4o-mini', 1000, 200, 0.25),
      day('2026-12-01', 'local-llama', 5000, 900, null),
      day('2026-12-02', 'gpt-4o-mini', 3000, 100, 0.5),
      day('2026-12-02', 'local-llama', 10, 1, 0),
    ]);
    assert.deepEqual(
      rows.map(({ model, calls, inputTokens, outputTokens, costUsd }) => [model, calls, inputTokens, outputTokens, costUsd]),
      [
        ['gpt-4o-mini', 2, 4000, 300, 0.75],
        ['local-llama', 2, 5010, 901, null],
      ],
    );
  });

  it('costs nothing for no usage', () => {
    assert.deepEqual(sumTokens([]), { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it('writes costs for people: unknown is not zero, and a fraction of a cent is not free', () => {
    assert.equal(formatCost(null), 'unknown price');
    assert.equal(formatCost(0), '$0.00');
    assert.equal(formatCost(0.0042), '$0.0042');
    assert.equal(formatCost(12.345), '$12.35');
  });
});
