import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { analyticsSchema } from '../../analytics/analytics-schemas.ts';
import { botAnalytics } from '../../analytics/bot-analytics.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';
import { queryNumber } from './query-number.ts';

export const MAX_ANALYTICS_DAYS = 365;

export const analyticsQuerySchema = z.object({
  days: queryNumber(z.int().min(1).max(MAX_ANALYTICS_DAYS), `UTC days up to today, 1–${MAX_ANALYTICS_DAYS}; default 30`),
});

export function analyticsRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
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
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await botAnalytics(ctx.db, bot.id, query.days ?? 30) };
      },
    }),
  ];
}
