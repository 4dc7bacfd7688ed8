import { channelConfigSchema, SECRET_FIELDS, type ChannelKind } from '@parley/connectors';
import { idSchema, LIMITS } from '@parley/protocol';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import type { ChannelAdapters } from '../../channels/channel-adapters.ts';
import {
  createChannel,
  findChannel,
  listChannels,
  removeChannel,
  updateChannel,
  type ChannelRecord,
} from '../../channels/channel-store.ts';
import { channelWebhookPath } from '../../channels/channel-webhook-route.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { HttpError } from '../http-error.ts';
import { notFound } from '../../conversation/action-error.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';

const CHANNEL_KINDS = ['telegram', 'slack', 'whatsapp', 'webhook'] as const satisfies readonly ChannelKind[];

const channelParamsSchema = botParamsSchema.extend({ channelId: idSchema.meta({ description: 'The channel id (a UUID)' }) });

const channelInfoSchema = z
  .object({
    id: z.string(),
    botId: z.string(),
    kind: z.enum(CHANNEL_KINDS),
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

const newChannelSchema = z
  .strictObject({
    kind: z.enum(CHANNEL_KINDS),
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

const channelChangeSchema = z
  .strictObject({
    name: z.string().trim().max(LIMITS.label).optional(),
    enabled: z.boolean().optional(),
    settings: settingsSchema.optional(),
    secrets: secretsSchema.optional().meta({ description: 'Replaces the named secrets; the others are kept (rotation).' }),
  })
  .meta({ id: 'ChannelChange' });

const createdChannelSchema = z.object({
  channel: channelInfoSchema,
  webhookRegistered: z
    .boolean()
    .optional()
    .meta({ description: 'Telegram only, with PARLEY_PUBLIC_URL set: whether setWebhook pointed the bot at this server.' }),
});

export interface ChannelRouteOptions {
  /** The server's public base URL; with it, webhook URLs are absolute and Telegram webhooks are registered. */
  publicUrl?: string | undefined;
}

const toChannelInfo = (channel: ChannelRecord, publicUrl?: string): z.infer<typeof channelInfoSchema> => ({
  id: channel.id,
  botId: channel.botId,
  kind: channel.kind,
  name: channel.name,
  enabled: channel.enabled,
  settings: channel.settings,
  secretsSet: SECRET_FIELDS[channel.kind].filter((field) => typeof channel.secrets[field] === 'string'),
  webhookPath: channelWebhookPath(channel.id),
  ...(publicUrl ? { webhookUrl: new URL(channelWebhookPath(channel.id), publicUrl).href } : {}),
  createdAt: channel.createdAt.toISOString(),
  updatedAt: channel.updatedAt.toISOString(),
});

/** Checks a complete configuration against the adapter's schema; the message names fields, never values. */
function checkedConfig(kind: ChannelKind, settings: Record<string, unknown>, secrets: Record<string, string>) {
  const parsed = channelConfigSchema.safeParse({ kind, settings, secrets });
  if (!parsed.success) throw new HttpError(400, 'invalid_payload', z.prettifyError(parsed.error).slice(0, LIMITS.errorMessage));
  return parsed.data;
}

export function channelRoutes(ctx: AppContext, adapters: ChannelAdapters, { publicUrl }: ChannelRouteOptions = {}): AnyRoute[] {
  const info = (channel: ChannelRecord) => toChannelInfo(channel, publicUrl);
  const botChannel = async (channelId: string, botId: string) => {
    const channel = await findChannel(ctx.db, adapters.box, channelId);
    if (!channel || channel.botId !== botId) throw notFound('channel');
    return channel;
  };
  /** Points the provider at this server where its API can (Telegram's setWebhook); undefined where it cannot. */
  const registerWebhook = async (channel: ChannelRecord): Promise<boolean | undefined> => {
    const adapter = (await adapters.get(channel.id))?.adapter;
    if (!adapter?.registerWebhook) return undefined;
    try {
      await adapter.registerWebhook(new URL(channelWebhookPath(channel.id), publicUrl).href);
      return true;
    } catch (error) {
      ctx.logger.warn(
        { channelId: channel.id, reason: error instanceof Error ? error.message : String(error) },
        'webhook registration failed',
      );
      return false;
    }
  };
  return [
    defineRoute({
      method: 'get',
      path: '/bots/:botId/channels',
      operationId: 'listChannels',
      summary: "A bot's messaging channels (secrets are never returned)",
      tag: 'Channels',
      access: 'admin',
      params: botParamsSchema,
      responses: { 200: { description: 'Oldest first', schema: z.object({ channels: z.array(channelInfoSchema) }) } },
      errors: { 404: 'No such bot in your workspace' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { channels: (await listChannels(ctx.db, adapters.box, bot.id)).map(info) } };
      },
    }),
    defineRoute({
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
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const config = checkedConfig(body.kind, body.settings, body.secrets);
        const channel = await createChannel(ctx.db, adapters.box, { botId: bot.id, name: body.name ?? '', ...config });
        ctx.logger.info({ botId: bot.id, channelId: channel.id, kind: channel.kind, operatorId: operator.id }, 'channel connected');
        const webhookRegistered = publicUrl ? await registerWebhook(channel) : undefined;
        return { status: 201, body: { channel: info(channel), ...(webhookRegistered === undefined ? {} : { webhookRegistered }) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bots/:botId/channels/:channelId',
      operationId: 'getChannel',
      summary: 'One channel (secrets are never returned)',
      tag: 'Channels',
      access: 'admin',
      params: channelParamsSchema,
      responses: { 200: { description: 'The channel', schema: z.object({ channel: channelInfoSchema }) } },
      errors: { 404: 'No such bot in your workspace, or no such channel of the bot' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { channel: info(await botChannel(params.channelId, bot.id)) } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/bots/:botId/channels/:channelId',
      operationId: 'updateChannel',
      summary: 'Rename, enable or disable a channel, change its settings, or rotate its secrets',
      tag: 'Channels',
      access: 'admin',
      params: channelParamsSchema,
      body: channelChangeSchema,
      responses: { 200: { description: 'The channel after the change', schema: z.object({ channel: channelInfoSchema }) } },
      errors: { 404: 'No such bot in your workspace, or no such channel of the bot' },
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const channel = await botChannel(params.channelId, bot.id);
        // The result must still be a whole valid configuration (a removed channel has no secrets left to keep).
        checkedConfig(channel.kind, body.settings ?? channel.settings, { ...channel.secrets, ...body.secrets });
        const updated = await updateChannel(ctx.db, adapters.box, channel, body);
        adapters.forget(channel.id);
        ctx.logger.info(
          { channelId: channel.id, operatorId: operator.id, changed: Object.keys(body), rotated: Object.keys(body.secrets ?? {}) },
          'channel updated',
        );
        return { status: 200, body: { channel: info(updated) } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/bots/:botId/channels/:channelId',
      operationId: 'removeChannel',
      summary: 'Remove a channel; one with conversations is disabled and its secrets wiped, keeping their history',
      tag: 'Channels',
      access: 'admin',
      params: channelParamsSchema,
      responses: { 204: { description: 'Removed or disabled' } },
      errors: { 404: 'No such bot in your workspace, or no such channel of the bot' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const channel = await botChannel(params.channelId, bot.id);
        const outcome = await removeChannel(ctx.db, channel.id);
        adapters.forget(channel.id);
        ctx.logger.info({ channelId: channel.id, operatorId: operator.id, outcome }, 'channel removed');
        return { status: 204 };
      },
    }),
  ];
}
