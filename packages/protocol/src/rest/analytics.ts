import * as z from 'zod';
import { botParamsSchema } from './bot-params.ts';
import { defineOperation } from './operation.ts';
import { timestampStringSchema } from './primitives.ts';
import { queryNumber } from './query-number.ts';

/** Most UTC days one analytics query may cover. */
export const MAX_ANALYTICS_DAYS = 365;

export const analyticsQuerySchema = z.object({
  days: queryNumber(z.int().min(1).max(MAX_ANALYTICS_DAYS), `UTC days up to today, 1–${MAX_ANALYTICS_DAYS}; default 30`),
});

const count = z.int().min(0);

export const dailyStatsSchema = z
  .object({
    day: z.iso.date().meta({ description: 'UTC day' }),
    modelVersion: z.string().nullable().meta({ description: 'null: conversations and messages no model classified' }),
    conversations: count.meta({
      description: 'Conversations started that day, under the version of their first classified customer message',
    }),
    messages: count.meta({ description: "Messages of every author that day, under their conversation's version" }),
    customerMessages: count,
    handoffs: count.meta({ description: 'Of the conversations: those that went to a person (waiting or assigned)' }),
    contained: count.meta({ description: 'Of the conversations: those that never did' }),
    outOfScope: count.meta({ description: 'Customer messages this version classified as out of scope' }),
    classified: count.meta({ description: 'Customer messages this version classified' }),
    sentiment: z.record(z.string(), count).meta({ description: 'Customer messages this version classified, per sentiment label' }),
  })
  .meta({ id: 'DailyStats' });

export const topIntentSchema = z.object({ modelVersion: z.string(), intent: z.string(), count }).meta({ id: 'TopIntent' });

export const analyticsSchema = z
  .object({
    from: timestampStringSchema.meta({ description: 'Start of the first UTC day' }),
    to: timestampStringSchema.meta({ description: 'End of today (UTC), exclusive' }),
    versions: z.array(z.string()).meta({ description: 'Model versions seen in the range, oldest first' }),
    daily: z.array(dailyStatsSchema).meta({ description: 'By day, then version; only days with activity' }),
    topIntents: z.array(topIntentSchema).meta({ description: 'The most frequent intents per version over the range' }),
  })
  .meta({ id: 'Analytics' });

export type AnalyticsDay = z.infer<typeof dailyStatsSchema>;
export type TopIntent = z.infer<typeof topIntentSchema>;
export type Analytics = z.infer<typeof analyticsSchema>;

export const analyticsOperations = {
  botAnalytics: defineOperation({
    method: 'get',
    path: '/bots/:botId/analytics',
    operationId: 'botAnalytics',
    summary: "The bot's conversations, handoffs and classifications per UTC day and model version",
    tag: 'Analytics',
    access: 'operator',
    params: botParamsSchema,
    query: analyticsQuerySchema,
    responses: { 200: { description: 'Counts; rates are for the reader to divide', schema: analyticsSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
};
