import * as z from 'zod';
import { botParamsSchema } from './bot-params.ts';
import { apiKeyInfoSchema } from './bots.ts';
import { defineOperation } from './operation.ts';
import { botLlmUsageSchema } from './llm.ts';

/** 'YYYY-MM-DD' of `at` in UTC: quotas reset at UTC midnight for everyone. */
export const utcDay = (at: Date = new Date()): string => at.toISOString().slice(0, 10);

/** Longest span one usage query may cover. */
export const MAX_USAGE_DAYS = 366;
const DEFAULT_USAGE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export const dailyUsageSchema = z
  .object({
    day: z.iso.date(),
    calls: z.int().min(0),
    messages: z.int().min(0),
    inputTokens: z
      .int()
      .min(0)
      .meta({ description: "Language model input tokens of the key's calls (estimated where the provider sent none)." }),
    outputTokens: z.int().min(0).meta({ description: "Language model output tokens of the key's calls." }),
    costUsd: z
      .number()
      .min(0)
      .nullable()
      .meta({ description: 'USD for those tokens; null: unknown (a model without a price), which is not 0.' }),
  })
  .meta({ id: 'DailyUsage', description: 'One UTC day of an API key: calls made, texts classified, language model tokens used.' });

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

const rangeShape = { from: z.iso.date(), to: z.iso.date() };

export const keyUsageSchema = z
  .object({
    apiKey: apiKeyInfoSchema,
    ...rangeShape,
    /** Days without calls are left out. */
    days: z.array(dailyUsageSchema),
  })
  .meta({ id: 'KeyUsage' });

export const botUsageSchema = z
  .object({
    botId: z.string(),
    ...rangeShape,
    /** Every key of the bot, revoked ones included, each with its days that had calls. */
    apiKeys: z.array(apiKeyInfoSchema.extend({ days: z.array(dailyUsageSchema) })),
    /** Every language model call of the bot, customer conversations (which have no API key) included. */
    llm: botLlmUsageSchema,
  })
  .meta({ id: 'BotUsage' });

export type DailyUsage = z.infer<typeof dailyUsageSchema>;
export type DayRangeQuery = z.input<typeof dayRangeQuerySchema>;
export type DayRange = z.output<typeof dayRangeQuerySchema>;
export type KeyUsage = z.infer<typeof keyUsageSchema>;
export type BotUsage = z.infer<typeof botUsageSchema>;

export const usageOperations = {
  getOwnUsage: defineOperation({
    method: 'get',
    path: '/usage',
    operationId: 'getOwnUsage',
    summary: "The calling API key's daily counters and quota",
    tag: 'Usage',
    access: 'apiKey',
    query: dayRangeQuerySchema,
    responses: { 200: { description: 'Counters per UTC day', schema: keyUsageSchema } },
  }),
  getBotUsage: defineOperation({
    method: 'get',
    path: '/bots/:botId/usage',
    operationId: 'getBotUsage',
    summary: "Daily counters of every API key of one of the workspace's bots",
    tag: 'Usage',
    access: 'admin',
    params: botParamsSchema,
    query: dayRangeQuerySchema,
    responses: { 200: { description: 'Counters per key and UTC day', schema: botUsageSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
};
