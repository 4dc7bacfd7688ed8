import { timestampStringSchema, uuidSchema } from '@parley/protocol';
import { z } from 'zod';
import { utcDay } from './usage-meter.ts';

export const operatorProfileSchema = z
  .object({ id: uuidSchema, email: z.string(), displayName: z.string(), role: z.enum(['admin', 'agent']) })
  .meta({ id: 'Operator' });

export const dailyUsageSchema = z
  .object({ day: z.iso.date(), calls: z.int().min(0), messages: z.int().min(0) })
  .meta({ id: 'DailyUsage', description: 'One UTC day of an API key: calls made and texts classified.' });

export const apiKeyInfoSchema = z
  .object({
    id: uuidSchema,
    /** Enough to tell keys apart, never enough to use one. */
    prefix: z.string(),
    label: z.string(),
    dailyQuota: z.int().min(0).nullable().meta({ description: 'Calls allowed per UTC day; null: unlimited.' }),
    createdAt: timestampStringSchema,
    revokedAt: timestampStringSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });

/** Longest span one usage query may cover. */
export const MAX_USAGE_DAYS = 366;
const DEFAULT_USAGE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `from`/`to` (UTC days, inclusive); by default the last 30 days up to today. */
export const dayRangeQuerySchema = z
  .object({
    from: z.iso.date().optional().meta({ description: 'First UTC day (YYYY-MM-DD); default: 29 days before `to`.' }),
    to: z.iso.date().optional().meta({ description: 'Last UTC day (YYYY-MM-DD), inclusive; default: today.' }),
  })
  .transform((range, check) => {
    const to = range.to ?? utcDay();
    const from = range.from ?? utcDay(new Date(Date.parse(to) - (DEFAULT_USAGE_DAYS - 1) * DAY_MS));
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1) check.addIssue({ code: 'custom', path: ['from'], message: 'must not be after `to`' });
    else if (days > MAX_USAGE_DAYS)
      check.addIssue({ code: 'custom', path: ['from'], message: `the range may span at most ${MAX_USAGE_DAYS} days` });
    return { from, to };
  });

export const toApiKeyInfo = (key: {
  id: string;
  prefix: string;
  label: string;
  dailyQuota: number | null;
  createdAt: Date;
  revokedAt: Date | null;
}): z.infer<typeof apiKeyInfoSchema> => ({
  id: key.id,
  prefix: key.prefix,
  label: key.label,
  dailyQuota: key.dailyQuota,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});
