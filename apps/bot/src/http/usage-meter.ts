import type { ApiKey } from '../db/api-key-store.ts';
import type { Queryable } from '../db/database.ts';
import { countCall, type DailyUsage } from '../db/usage-store.ts';

export type { DailyUsage } from '../db/usage-store.ts';

/** 'YYYY-MM-DD' of `at` in UTC: quotas reset at UTC midnight for everyone. */
export const utcDay = (at: Date = new Date()): string => at.toISOString().slice(0, 10);

export function msUntilUtcMidnight(at: Date = new Date()): number {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
  return midnight - at.getTime();
}

/**
 * Counts one call of `messages` texts against the key's day, unless that would take the day past the key's
 * quota; returns the day's counters after the call, or undefined when the quota is spent (nothing counted).
 * Concurrent calls cannot overshoot, and refused calls are not counted (see countCall).
 */
export function meterCall(db: Queryable, apiKey: ApiKey, messages: number, day = utcDay()): Promise<DailyUsage | undefined> {
  return countCall(db, { apiKeyId: apiKey.id, dailyQuota: apiKey.dailyQuota, messages, day });
}
