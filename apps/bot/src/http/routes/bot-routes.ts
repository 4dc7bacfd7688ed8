import { LIMITS } from '@parley/protocol';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../db/api-key-store.ts';
import { listBots } from '../../db/bot-store.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { isUuid } from '../../db/uuid.ts';
import { apiKeyInfoSchema, toApiKeyInfo } from '../api-schemas.ts';
import { notFound } from '../../conversation/action-error.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { apiKeyParamsSchema, botParamsSchema } from './bot-params.ts';

// api_keys.daily_quota is a Postgres integer.
const MAX_DAILY_QUOTA = 2 ** 31 - 1;

export const botInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    publicKey: z.string().meta({ description: 'Identifies the bot to the web widget; not a secret.' }),
    activeModelVersion: z.string().nullable(),
  })
  .meta({ id: 'Bot' });

export const newApiKeySchema = z
  .strictObject({
    label: z.string().trim().max(LIMITS.label).optional(),
    dailyQuota: z
      .int()
      .min(0)
      .max(MAX_DAILY_QUOTA)
      .nullable()
      .optional()
      .meta({ description: 'Calls per UTC day; null or absent: unlimited.' }),
  })
  .meta({ id: 'NewApiKey' });

export const createdApiKeySchema = z
  .object({
    apiKey: apiKeyInfoSchema,
    key: z.string().meta({ description: 'The key itself. Shown this once: only its hash is stored.' }),
  })
  .meta({ id: 'CreatedApiKey' });

export function botRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/bots',
      operationId: 'listBots',
      summary: "The workspace's bots",
      tag: 'Bots',
      access: 'operator',
      responses: { 200: { description: 'Oldest first', schema: z.object({ bots: z.array(botInfoSchema) }) } },
      async handle(_input, { caller: { operator } }) {
        const bots = await listBots(ctx.db, operator.workspaceId);
        return {
          status: 200,
          body: { bots: bots.map(({ id, name, publicKey, activeModelVersion }) => ({ id, name, publicKey, activeModelVersion })) },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bots/:botId/api-keys',
      operationId: 'listApiKeys',
      summary: "A bot's API keys, revoked ones included (never the keys themselves)",
      tag: 'Bots',
      access: 'admin',
      params: botParamsSchema,
      responses: { 200: { description: 'Oldest first', schema: z.object({ apiKeys: z.array(apiKeyInfoSchema) }) } },
      errors: { 404: 'No such bot in your workspace' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { apiKeys: (await listApiKeys(ctx.db, bot.id)).map(toApiKeyInfo) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bots/:botId/api-keys',
      operationId: 'createApiKey',
      summary: 'Issue an API key for a bot',
      tag: 'Bots',
      access: 'admin',
      params: botParamsSchema,
      body: newApiKeySchema.optional(),
      responses: { 201: { description: 'The new key, returned this once', schema: createdApiKeySchema } },
      errors: { 404: 'No such bot in your workspace' },
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const { apiKey, key } = await createApiKey(ctx.db, {
          botId: bot.id,
          label: body?.label ?? '',
          dailyQuota: body?.dailyQuota ?? null,
        });
        ctx.logger.info({ botId: bot.id, apiKeyId: apiKey.id, operatorId: operator.id }, 'API key issued');
        return { status: 201, body: { apiKey: toApiKeyInfo(apiKey), key } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/bots/:botId/api-keys/:apiKeyId',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key; revoking a revoked key again changes nothing',
      tag: 'Bots',
      access: 'admin',
      params: apiKeyParamsSchema,
      responses: { 204: { description: 'Revoked' } },
      errors: { 404: 'No such bot in your workspace, or no such key of the bot' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        if (!isUuid(params.apiKeyId)) throw notFound('API key');
        if (!(await revokeApiKey(ctx.db, bot.id, params.apiKeyId))) {
          const keys = await listApiKeys(ctx.db, bot.id);
          if (!keys.some((key) => key.id === params.apiKeyId)) throw notFound('API key');
        } else ctx.logger.info({ botId: bot.id, apiKeyId: params.apiKeyId, operatorId: operator.id }, 'API key revoked');
        return { status: 204 };
      },
    }),
  ];
}
