import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { listApiKeys } from '../../db/api-key-store.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { apiKeyInfoSchema, dailyUsageSchema, dayRangeQuerySchema, toApiKeyInfo } from '../api-schemas.ts';
import { usageOfKeys } from '../usage-meter.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';

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
  })
  .meta({ id: 'BotUsage' });

export function usageRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/usage',
      operationId: 'getOwnUsage',
      summary: "The calling API key's daily counters and quota",
      tag: 'Usage',
      access: 'apiKey',
      query: dayRangeQuerySchema,
      responses: { 200: { description: 'Counters per UTC day', schema: keyUsageSchema } },
      async handle({ query }, { caller: { apiKey } }) {
        const usage = await usageOfKeys(ctx.db, [apiKey.id], query.from, query.to);
        return { status: 200, body: { apiKey: toApiKeyInfo(apiKey), ...query, days: usage.get(apiKey.id) ?? [] } };
      },
    }),
    defineRoute({
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
