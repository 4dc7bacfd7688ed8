import type { Logger } from 'pino';
import type { Queryable } from '../db/database.ts';
import { findBot, type Bot } from '../db/bot-store.ts';
import { parseBotConfig, type BotConfig } from '../engine/bot-config.ts';
import type { ClusterBus } from '../cluster/cluster-bus.ts';

export interface LoadedBot {
  bot: Bot;
  config: BotConfig;
}

/**
 * Bots with their parsed engine config, cached: every customer turn needs them and they change only when an
 * admin edits the bot, which calls `invalidate`. A stored config that no longer parses is logged and replaced by
 * the defaults, so a bad edit degrades answers instead of taking the bot down. With several nodes, an
 * invalidation is told to the others through the cluster bus, and a resync after a bus outage drops everything.
 */
export class BotConfigs {
  readonly #cache = new Map<string, Promise<LoadedBot | undefined>>();

  constructor(
    private readonly db: Queryable,
    private readonly logger: Logger,
    private readonly bus?: ClusterBus,
  ) {
    bus?.on('bot-config', ({ botId }) => void this.#cache.delete(botId));
    bus?.onResync(() => this.#cache.clear());
  }

  get(botId: string): Promise<LoadedBot | undefined> {
    let loaded = this.#cache.get(botId);
    if (!loaded) {
      loaded = this.#load(botId);
      loaded.catch(() => this.#cache.delete(botId));
      this.#cache.set(botId, loaded);
    }
    return loaded;
  }

  /** Call after the change committed: the other nodes read the bot again as soon as they hear of it. */
  invalidate(botId: string): void {
    this.#cache.delete(botId);
    this.bus?.publish({ kind: 'bot-config', botId });
  }

  async #load(botId: string): Promise<LoadedBot | undefined> {
    const bot = await findBot(this.db, botId);
    if (!bot) return undefined;
    try {
      return { bot, config: parseBotConfig(bot.config) };
    } catch (error) {
      this.logger.error({ err: error, botId }, 'stored bot config is invalid; using defaults');
      return { bot, config: parseBotConfig({}) };
    }
  }
}
