import { channelConfigSchema, createChannelAdapter, type AdapterOptions, type ChannelAdapter } from '@parley/connectors';
import type { Logger } from 'pino';
import type { Queryable } from '../db/database.ts';
import { findChannel, type ChannelRecord } from '../db/channel-store.ts';
import type { SecretBox } from './secret-box.ts';

export interface LiveChannel {
  channel: ChannelRecord;
  adapter: ChannelAdapter;
}

/**
 * One adapter per enabled channel, built from its stored configuration on first use and rebuilt when the
 * configuration changes (the cache is keyed by updated_at, and the admin routes forget an edited channel).
 */
export class ChannelAdapters {
  readonly #cache = new Map<string, LiveChannel>();

  constructor(
    private readonly db: Queryable,
    /** Opens the stored secrets; the admin routes seal with it too. */
    readonly box: SecretBox,
    private readonly logger: Logger,
    private readonly options: AdapterOptions = {},
  ) {}

  /** The enabled channel with its adapter, or undefined when unknown, disabled or misconfigured. */
  async get(channelId: string): Promise<LiveChannel | undefined> {
    const channel = await findChannel(this.db, this.box, channelId);
    if (!channel?.enabled) {
      this.#cache.delete(channelId);
      return undefined;
    }
    const cached = this.#cache.get(channelId);
    if (cached && cached.channel.updatedAt.getTime() === channel.updatedAt.getTime()) return cached;
    const config = channelConfigSchema.safeParse({ kind: channel.kind, settings: channel.settings, secrets: channel.secrets });
    if (!config.success) {
      // Names the channel only: the configuration holds secrets.
      this.logger.error({ channelId, kind: channel.kind }, 'stored channel configuration is invalid; channel unavailable');
      return undefined;
    }
    const live = { channel, adapter: createChannelAdapter(config.data, this.options) };
    this.#cache.set(channelId, live);
    return live;
  }

  forget(channelId: string): void {
    this.#cache.delete(channelId);
  }
}
