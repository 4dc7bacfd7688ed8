import type { Analytics, AnalyticsDay } from '@parley/protocol';

export const ALL_VERSIONS = 'all';
/** The label a model gives what it judges out of scope: a rejection, not an intent, so the page counts it apart. */
export const OUT_OF_SCOPE_INTENT = 'oos';
/** Days whose conversations had no classified customer message belong to no model version. */
export const NO_VERSION = 'none';

const versionKey = (version: string | null) => version ?? NO_VERSION;
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export interface DayPoint {
  day: string;
  conversations: number;
  messages: number;
  customerMessages: number;
  containmentRate: number | null;
  handoffRate: number | null;
  outOfScopeRate: number | null;
  /** Share of classified customer messages per sentiment label, keyed `sentiment:<label>`. */
  [sentimentShare: `sentiment:${string}`]: number | null;
}

export const forVersion = (daily: AnalyticsDay[], version: string) =>
  version === ALL_VERSIONS ? daily : daily.filter((row) => versionKey(row.modelVersion) === version);

export function sentimentLabels(daily: AnalyticsDay[]): string[] {
  return [...new Set(daily.flatMap((row) => Object.keys(row.sentiment)))].sort();
}

/** One point per day, the selected versions' counts added up and turned into rates. */
export function dailyPoints(daily: AnalyticsDay[]): DayPoint[] {
  const days = new Map<string, AnalyticsDay>();
  for (const row of daily) {
    const sum = days.get(row.day);
    if (!sum) {
      days.set(row.day, { ...row, sentiment: { ...row.sentiment } });
      continue;
    }
    sum.conversations += row.conversations;
    sum.messages += row.messages;
    sum.customerMessages += row.customerMessages;
    sum.handoffs += row.handoffs;
    sum.contained += row.contained;
    sum.outOfScope += row.outOfScope;
    sum.classified += row.classified;
    for (const [label, count] of Object.entries(row.sentiment)) sum.sentiment[label] = (sum.sentiment[label] ?? 0) + count;
  }
  return [...days.values()]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((day) => {
      const sentimentTotal = Object.values(day.sentiment).reduce((total, count) => total + count, 0);
      const point: DayPoint = {
        day: day.day,
        conversations: day.conversations,
        messages: day.messages,
        customerMessages: day.customerMessages,
        containmentRate: ratio(day.contained, day.conversations),
        handoffRate: ratio(day.handoffs, day.conversations),
        outOfScopeRate: ratio(day.outOfScope, day.classified),
      };
      for (const [label, count] of Object.entries(day.sentiment)) point[`sentiment:${label}`] = ratio(count, sentimentTotal);
      return point;
    });
}

/** Conversations per day with one column per model version, for a stacked chart. */
export function conversationsByVersion(daily: AnalyticsDay[]): Record<string, string | number>[] {
  const days = new Map<string, Record<string, string | number>>();
  for (const row of daily) {
    const point = days.get(row.day) ?? { day: row.day };
    const key = versionKey(row.modelVersion);
    point[key] = ((point[key] as number | undefined) ?? 0) + row.conversations;
    days.set(row.day, point);
  }
  return [...days.values()].sort((a, b) => String(a.day).localeCompare(String(b.day)));
}

export function versionKeys(analytics: Analytics): string[] {
  const keys = new Set(analytics.versions);
  for (const row of analytics.daily) keys.add(versionKey(row.modelVersion));
  return [...keys];
}

export function topIntents(analytics: Analytics, version: string, limit = 10): { intent: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { modelVersion, intent, count } of analytics.topIntents) {
    if (intent === OUT_OF_SCOPE_INTENT) continue;
    if (version !== ALL_VERSIONS && versionKey(modelVersion) !== version) continue;
    counts.set(intent, (counts.get(intent) ?? 0) + count);
  }
  return [...counts]
    .map(([intent, count]) => ({ intent, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}
