import { restOperations } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { listApiKeys } from '../../db/api-key-store.ts';
import { llmUsageOfBot, llmUsageOfKeys } from '../../db/llm-usage-store.ts';
import { usageOfKeys } from '../../db/usage-store.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { botLlmUsage, keyUsageDays } from '../usage-days.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { toApiKeyInfo } from './bot-routes.ts';

export function usageRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.getOwnUsage, {
      async handle({ query }, { caller: { apiKey } }) {
        const usage = await usageOfKeys(ctx.db, [apiKey.id], query.from, query.to);
        const llm = await llmUsageOfKeys(ctx.db, [apiKey.id], query.from, query.to);
        const days = keyUsageDays(usage.get(apiKey.id) ?? [], llm.get(apiKey.id) ?? []);
        return { status: 200, body: { apiKey: toApiKeyInfo(apiKey), ...query, days } };
      },
    }),
    implement(restOperations.getBotUsage, {
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const keys = await listApiKeys(ctx.db, bot.id);
        const keyIds = keys.map((key) => key.id);
        const usage = await usageOfKeys(ctx.db, keyIds, query.from, query.to);
        const llm = await llmUsageOfKeys(ctx.db, keyIds, query.from, query.to);
        const apiKeys = keys.map((key) => ({ ...toApiKeyInfo(key), days: keyUsageDays(usage.get(key.id) ?? [], llm.get(key.id) ?? []) }));
        const botLlm = botLlmUsage(await llmUsageOfBot(ctx.db, bot.id, query.from, query.to));
        return { status: 200, body: { botId: bot.id, ...query, apiKeys, llm: botLlm } };
      },
    }),
  ];
}
