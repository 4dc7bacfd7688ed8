import type { BotLlmUsage, DailyUsage as DailyUsageWire } from '@parley/protocol';
import type { KeyLlmDay, LlmUsageRow } from '../db/llm-usage-store.ts';
import type { DailyUsage } from '../db/usage-store.ts';

/** Costs are sums of per-call floats: rounding to a billionth of a dollar drops the float noise and keeps every real digit. */
const roundUsd = (usd: number | null): number | null => (usd === null ? null : Math.round(usd * 1e9) / 1e9);

/** A key's days: its metered calls and its language model tokens, merged by day (either may be missing). */
export function keyUsageDays(calls: readonly DailyUsage[], llm: readonly KeyLlmDay[]): DailyUsageWire[] {
  const byDay = new Map<string, DailyUsageWire>();
  const dayOf = (day: string): DailyUsageWire => {
    let entry = byDay.get(day);
    if (!entry) byDay.set(day, (entry = { day, calls: 0, messages: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }));
    return entry;
  };
  for (const usage of calls) Object.assign(dayOf(usage.day), { calls: usage.calls, messages: usage.messages });
  for (const usage of llm) {
    Object.assign(dayOf(usage.day), { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: roundUsd(usage.costUsd) });
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** The bot's language model calls by day and model, with their totals; a cost is unknown if any part of it is. */
export function botLlmUsage(rows: readonly LlmUsageRow[]): BotLlmUsage {
  const totals = { calls: 0, inputTokens: 0, outputTokens: 0, estimatedCalls: 0, costUsd: 0 as number | null };
  for (const row of rows) {
    totals.calls += row.calls;
    totals.inputTokens += row.inputTokens;
    totals.outputTokens += row.outputTokens;
    totals.estimatedCalls += row.estimatedCalls;
    totals.costUsd = totals.costUsd === null || row.costUsd === null ? null : totals.costUsd + row.costUsd;
  }
  return {
    days: rows.map((row) => ({ ...row, costUsd: roundUsd(row.costUsd) })),
    totals: { ...totals, costUsd: roundUsd(totals.costUsd) },
  };
}
