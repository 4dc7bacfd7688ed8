import type { LlmDailyUsage } from '@parley/protocol';

/** What token usage adds up to; cost null when any part of it has no known price (unknown is not 0). */
export interface TokenTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

type Countable = Pick<TokenTotals, 'inputTokens' | 'outputTokens' | 'costUsd'> & { calls?: number };

export function sumTokens(rows: readonly Countable[]): TokenTotals {
  return rows.reduce<TokenTotals>(
    (sum, row) => ({
      calls: sum.calls + (row.calls ?? 0),
      inputTokens: sum.inputTokens + row.inputTokens,
      outputTokens: sum.outputTokens + row.outputTokens,
      costUsd: sum.costUsd === null || row.costUsd === null ? null : sum.costUsd + row.costUsd,
    }),
    { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
}

/** One row per model over the whole range, the costliest (then the busiest) first; unknown costs last. */
export function usageByModel(days: readonly LlmDailyUsage[]): (TokenTotals & { model: string })[] {
  const byModel = new Map<string, LlmDailyUsage[]>();
  for (const day of days) byModel.set(day.model, [...(byModel.get(day.model) ?? []), day]);
  return [...byModel]
    .map(([model, rows]) => ({ model, ...sumTokens(rows) }))
    .sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens));
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const smallUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** "$1.23"; a fraction of a cent keeps two significant digits ("$0.0042") rather than reading as free. */
export function formatCost(costUsd: number | null): string {
  if (costUsd === null) return 'unknown price';
  if (costUsd > 0 && costUsd < 0.01) return smallUsd.format(costUsd);
  return usd.format(costUsd);
}

const count = new Intl.NumberFormat('en-US');
export const formatCount = (n: number) => count.format(n);
