import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { idSchema } from '../primitives.ts';
import { botParamsSchema } from './bot-params.ts';
import { defineOperation } from './operation.ts';

/** The messaging channels a bot can be connected to (the connectors' kinds; the server checks that they match). */
export const channelKinds = ['telegram', 'slack', 'whatsapp', 'webhook'] as const;

export const channelKindSchema = z.enum(channelKinds);

export const channelParamsSchema = botParamsSchema.extend({ channelId: idSchema.meta({ description: 'The channel id (a UUID)' }) });

export const channelInfoSchema = z
  .object({
    id: z.string(),
    botId: z.string(),
    kind: channelKindSchema,
    name: z.string(),
    enabled: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    secretsSet: z.array(z.string()).meta({ description: 'Which secrets are configured. Their values are never returned.' }),
    webhookPath: z.string().meta({ description: "Where the provider delivers events, relative to the server's public URL." }),
    webhookUrl: z
      .string()
      .optional()
      .meta({ description: 'The absolute webhook URL, when the server knows its public URL (PARLEY_PUBLIC_URL).' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Channel' });

const settingsSchema = z.record(z.string(), z.unknown());
const secretsSchema = z.record(z.string(), z.string().max(4096));

export const newChannelSchema = z
  .strictObject({
    kind: channelKindSchema,
    name: z.string().trim().max(LIMITS.label).optional(),
    settings: settingsSchema.default({}),
    secrets: secretsSchema,
  })
  .meta({
    id: 'NewChannel',
    description:
      'telegram: secrets botToken, secretToken. slack: secrets botToken, signingSecret. whatsapp: settings phoneNumberId; ' +
      'secrets accessToken, appSecret, verifyToken. webhook: settings url; secrets secret. Optional settings.apiBase points an adapter ' +
      'at another API host.',
  });

export const channelChangeSchema = z
  .strictObject({
    name: z.string().trim().max(LIMITS.label).optional(),
    enabled: z.boolean().optional(),
    settings: settingsSchema.optional(),
    secrets: secretsSchema.optional().meta({ description: 'Replaces the named secrets; the others are kept (rotation).' }),
  })
  .meta({ id: 'ChannelChange' });

export const channelListSchema = z.object({ channels: z.array(channelInfoSchema) });
export const channelReplySchema = z.object({ channel: channelInfoSchema });

export const createdChannelSchema = z.object({
  channel: channelInfoSchema,
  webhookRegistered: z
    .boolean()
    .optional()
    .meta({ description: 'Telegram only, with PARLEY_PUBLIC_URL set: whether setWebhook pointed the bot at this server.' }),
});

export type ChannelKind = z.infer<typeof channelKindSchema>;
export type ChannelInfo = z.infer<typeof channelInfoSchema>;
export type NewChannel = z.input<typeof newChannelSchema>;
export type ChannelChange = z.input<typeof channelChangeSchema>;
export type ChannelList = z.infer<typeof channelListSchema>;
export type CreatedChannel = z.infer<typeof createdChannelSchema>;

export const channelOperations = {
  listChannels: defineOperation({
    method: 'get',
    path: '/bots/:botId/channels',
    operationId: 'listChannels',
    summary: "A bot's messaging channels (secrets are never returned)",
    tag: 'Channels',
    access: 'admin',
    params: botParamsSchema,
    responses: { 200: { description: 'Oldest first', schema: channelListSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
  createChannel: defineOperation({
    method: 'post',
    path: '/bots/:botId/channels',
    operationId: 'createChannel',
    summary: 'Connect a channel (Telegram, Slack, WhatsApp Cloud or a signed webhook) to a bot',
    tag: 'Channels',
    access: 'admin',
    params: botParamsSchema,
    body: newChannelSchema,
    responses: {
      201: { description: 'The channel; point the provider at its webhookPath', schema: createdChannelSchema },
    },
    errors: { 404: 'No such bot in your workspace' },
  }),
  getChannel: defineOperation({
    method: 'get',
    path: '/bots/:botId/channels/:channelId',
    operationId: 'getChannel',
    summary: 'One channel (secrets are never returned)',
    tag: 'Channels',
    access: 'admin',
    params: channelParamsSchema,
    responses: { 200: { description: 'The channel', schema: channelReplySchema } },
    errors: { 404: 'No such bot in your workspace, or no such channel of the bot' },
  }),
  updateChannel: defineOperation({
    method: 'patch',
    path: '/bots/:botId/channels/:channelId',
    operationId: 'updateChannel',
    summary: 'Rename, enable or disable a channel, change its settings, or rotate its secrets',
    tag: 'Channels',
    access: 'admin',
    params: channelParamsSchema,
    body: channelChangeSchema,
    responses: { 200: { description: 'The channel after the change', schema: channelReplySchema } },
    errors: { 404: 'No such bot in your workspace, or no such channel of the bot' },
  }),
  removeChannel: defineOperation({
    method: 'delete',
    path: '/bots/:botId/channels/:channelId',
    operationId: 'removeChannel',
    summary: 'Remove a channel; one with conversations is disabled and its secrets wiped, keeping their history',
    tag: 'Channels',
    access: 'admin',
    params: channelParamsSchema,
    responses: { 204: { description: 'Removed or disabled' } },
    errors: { 404: 'No such bot in your workspace, or no such channel of the bot' },
  }),
};
