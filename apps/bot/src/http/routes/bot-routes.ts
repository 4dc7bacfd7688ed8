import { restOperations, type ApiKeyInfo } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../db/api-key-store.ts';
import { listBots } from '../../db/bot-store.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { isUuid } from '../../db/uuid.ts';
import { notFound } from '../../conversation/action-error.ts';
import { workspaceBot } from '../workspace-bot.ts';

/** An API key as the API lists it: never the key itself, nor its hash. */
export const toApiKeyInfo = (key: {
  id: string;
  prefix: string;
  label: string;
  dailyQuota: number | null;
  dailyTokenQuota: number | null;
  createdAt: Date;
  revokedAt: Date | null;
}): ApiKeyInfo => ({
  id: key.id,
  prefix: key.prefix,
  label: key.label,
  dailyQuota: key.dailyQuota,
  dailyTokenQuota: key.dailyTokenQuota,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

export function botRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.listBots, {
      async handle(_input, { caller: { operator } }) {
        const bots = await listBots(ctx.db, operator.workspaceId);
        return {
          status: 200,
          body: { bots: bots.map(({ id, name, publicKey, activeModelVersion }) => ({ id, name, publicKey, activeModelVersion })) },
        };
      },
    }),
    implement(restOperations.listApiKeys, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { apiKeys: (await listApiKeys(ctx.db, bot.id)).map(toApiKeyInfo) } };
      },
    }),
    implement(restOperations.createApiKey, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const { apiKey, key } = await createApiKey(ctx.db, {
          botId: bot.id,
          label: body?.label ?? '',
          dailyQuota: body?.dailyQuota ?? null,
          dailyTokenQuota: body?.dailyTokenQuota ?? null,
        });
        ctx.logger.info({ botId: bot.id, apiKeyId: apiKey.id, operatorId: operator.id }, 'API key issued');
        return { status: 201, body: { apiKey: toApiKeyInfo(apiKey), key } };
      },
    }),
    implement(restOperations.revokeApiKey, {
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
