import { restOperations } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { reviewQueue } from '../../review/review-queue.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';

export function reviewRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.reviewQueue, {
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { items: await reviewQueue(ctx, bot, query.limit ?? 50) } };
      },
    }),
  ];
}
