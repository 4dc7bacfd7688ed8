import { restOperations } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { botAnalytics } from '../../analytics/bot-analytics.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';

/** Days of analytics when the query names none. */
const DEFAULT_ANALYTICS_DAYS = 30;

export function analyticsRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.botAnalytics, {
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await botAnalytics(ctx.db, bot.id, query.days ?? DEFAULT_ANALYTICS_DAYS) };
      },
    }),
  ];
}
