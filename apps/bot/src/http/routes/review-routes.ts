import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { reviewQueue } from '../../review/review-queue.ts';
import { reviewItemSchema } from '../../review/review-schemas.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';
import { queryNumber } from './query-number.ts';

export const MAX_REVIEW_ITEMS = 200;

export const reviewQuerySchema = z.object({
  limit: queryNumber(z.int().min(1).max(MAX_REVIEW_ITEMS), `Items, at most ${MAX_REVIEW_ITEMS}; default 50`),
});

export const reviewQueueSchema = z.object({ items: z.array(reviewItemSchema) });

export function reviewRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/bots/:botId/review-queue',
      operationId: 'reviewQueue',
      summary: "The bot's uncorrected customer messages most worth a label check, highest priority first",
      tag: 'Review',
      access: 'operator',
      params: botParamsSchema,
      query: reviewQuerySchema,
      responses: { 200: { description: 'Highest priority first', schema: reviewQueueSchema } },
      errors: { 404: 'No such bot in your workspace' },
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { items: await reviewQueue(ctx, bot, query.limit ?? 50) } };
      },
    }),
  ];
}
