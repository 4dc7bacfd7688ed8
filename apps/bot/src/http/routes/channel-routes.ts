import { channelConfigSchema, SECRET_FIELDS, type ChannelKind } from '@parley/connectors';
import { LIMITS, restOperations, type ChannelInfo, type ChannelKind as WireChannelKind } from '@parley/protocol';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import type { ChannelAdapters } from '../../channels/channel-adapters.ts';
import { createChannel, findChannel, listChannels, removeChannel, updateChannel, type ChannelRecord } from '../../db/channel-store.ts';
import { channelWebhookPath } from '../../channels/channel-webhook-route.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { HttpError } from '../http-error.ts';
import { notFound } from '../../conversation/action-error.ts';
import { workspaceBot } from '../workspace-bot.ts';

// The protocol's channel kinds are exactly the connectors'.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelKindsMatch: Same<WireChannelKind, ChannelKind> = true;
void channelKindsMatch;

export interface ChannelRouteOptions {
  /** The server's public base URL; with it, webhook URLs are absolute and Telegram webhooks are registered. */
  publicUrl?: string | undefined;
}

const toChannelInfo = (channel: ChannelRecord, publicUrl?: string): ChannelInfo => ({
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
    implement(restOperations.listChannels, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { channels: (await listChannels(ctx.db, adapters.box, bot.id)).map(info) } };
      },
    }),
    implement(restOperations.createChannel, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const config = checkedConfig(body.kind, body.settings, body.secrets);
        const channel = await createChannel(ctx.db, adapters.box, { botId: bot.id, name: body.name ?? '', ...config });
        ctx.logger.info({ botId: bot.id, channelId: channel.id, kind: channel.kind, operatorId: operator.id }, 'channel connected');
        const webhookRegistered = publicUrl ? await registerWebhook(channel) : undefined;
        return { status: 201, body: { channel: info(channel), ...(webhookRegistered === undefined ? {} : { webhookRegistered }) } };
      },
    }),
    implement(restOperations.getChannel, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { channel: info(await botChannel(params.channelId, bot.id)) } };
      },
    }),
    implement(restOperations.updateChannel, {
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
    implement(restOperations.removeChannel, {
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
