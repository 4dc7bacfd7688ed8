import { restOperations } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { listApiKeys } from '../../db/api-key-store.ts';
import { usageOfKeys } from '../../db/usage-store.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { toApiKeyInfo } from './bot-routes.ts';

export function usageRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.getOwnUsage, {
      async handle({ query }, { caller: { apiKey } }) {
        const usage = await usageOfKeys(ctx.db, [apiKey.id], query.from, query.to);
        return { status: 200, body: { apiKey: toApiKeyInfo(apiKey), ...query, days: usage.get(apiKey.id) ?? [] } };
      },
    }),
    implement(restOperations.getBotUsage, {
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const keys = await listApiKeys(ctx.db, bot.id);
        const usage = await usageOfKeys(
          ctx.db,
          keys.map((key) => key.id),
          query.from,
          query.to,
        );
        const apiKeys = keys.map((key) => ({ ...toApiKeyInfo(key), days: usage.get(key.id) ?? [] }));
        return { status: 200, body: { botId: bot.id, ...query, apiKeys } };
      },
    }),
  ];
}
