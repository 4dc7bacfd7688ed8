import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { apiKeyParamsSchema, botParamsSchema } from './bot-params.ts';
import { dailyTokenQuotaSchema } from './llm.ts';
import { defineOperation } from './operation.ts';
import { timestampStringSchema, uuidSchema } from './primitives.ts';

/** The largest daily quota a key may have (api_keys.daily_quota is a Postgres integer). */
export const MAX_DAILY_QUOTA = 2 ** 31 - 1;

export const botInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    publicKey: z.string().meta({ description: 'Identifies the bot to the web widget; not a secret.' }),
    activeModelVersion: z.string().nullable(),
  })
  .meta({ id: 'Bot' });

export const botListSchema = z.object({ bots: z.array(botInfoSchema) });

/** An API key as listed: never the key itself. */
export const apiKeyInfoSchema = z
  .object({
    id: uuidSchema,
    /** Enough to tell keys apart, never enough to use one. */
    prefix: z.string(),
    label: z.string(),
    dailyQuota: z.int().min(0).nullable().meta({ description: 'Calls allowed per UTC day; null: unlimited.' }),
    dailyTokenQuota: dailyTokenQuotaSchema
      .optional()
      .meta({ description: 'Language model tokens per UTC day; null or absent: unlimited.' }),
    createdAt: timestampStringSchema,
    revokedAt: timestampStringSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const apiKeyListSchema = z.object({ apiKeys: z.array(apiKeyInfoSchema) });

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
    dailyTokenQuota: dailyTokenQuotaSchema
      .optional()
      .meta({ description: 'Language model tokens (input plus output) per UTC day; null or absent: unlimited.' }),
  })
  .meta({ id: 'NewApiKey' });

export const createdApiKeySchema = z
  .object({
    apiKey: apiKeyInfoSchema,
    key: z.string().meta({ description: 'The key itself. Shown this once: only its hash is stored.' }),
  })
  .meta({ id: 'CreatedApiKey' });

export type BotInfo = z.infer<typeof botInfoSchema>;
export type BotList = z.infer<typeof botListSchema>;
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;
export type NewApiKey = z.input<typeof newApiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const botOperations = {
  listBots: defineOperation({
    method: 'get',
    path: '/bots',
    operationId: 'listBots',
    summary: "The workspace's bots",
    tag: 'Bots',
    access: 'operator',
    responses: { 200: { description: 'Oldest first', schema: botListSchema } },
  }),
  listApiKeys: defineOperation({
    method: 'get',
    path: '/bots/:botId/api-keys',
    operationId: 'listApiKeys',
    summary: "A bot's API keys, revoked ones included (never the keys themselves)",
    tag: 'Bots',
    access: 'admin',
    params: botParamsSchema,
    responses: { 200: { description: 'Oldest first', schema: apiKeyListSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
  createApiKey: defineOperation({
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
  }),
  revokeApiKey: defineOperation({
    method: 'delete',
    path: '/bots/:botId/api-keys/:apiKeyId',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key; revoking a revoked key again changes nothing',
    tag: 'Bots',
    access: 'admin',
    params: apiKeyParamsSchema,
    responses: { 204: { description: 'Revoked' } },
    errors: { 404: 'No such bot in your workspace, or no such key of the bot' },
  }),
};
