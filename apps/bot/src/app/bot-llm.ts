import { llmSettingsSchema, utcDay, type botLlmChangeSchema, type BotLlmInfo, type LlmPrice } from '@parley/protocol';
import type { Logger } from 'pino';
import type * as z from 'zod';
import type { SecretBox } from '../channels/secret-box.ts';
import type { ClusterBus } from '../cluster/cluster-bus.ts';
import type { Queryable } from '../db/database.ts';
import { deleteBotLlm, findBotLlm, saveBotLlm, type StoredBotLlm } from '../db/bot-llm-store.ts';
import { recordLlmCall, tokenQuotaUse } from '../db/llm-usage-store.ts';
import { costUsd, listPrice, LlmSettingsError, parseLlmSettings, type LlmSettings, type TokenUsage } from '../knowledge/llm/index.ts';

/** Long enough to spare the database a read per turn, short enough that other servers see an edit soon. */
const CACHE_MS = 5_000;
/** The usual rule of thumb for English and code; Chinese runs nearer 1–2 characters a token, so it undercounts there. */
const CHARS_PER_TOKEN = 4;
/** A key shorter than this would be mostly given away by its last 4 characters. */
const MIN_HINTED_KEY = 8;

const storedSettingsSchema = llmSettingsSchema.omit({ apiKey: true });

interface Loaded {
  stored: StoredBotLlm;
  /** Undefined when the key cannot be opened or the stored settings no longer parse (both logged). */
  settings: LlmSettings | undefined;
}

/** The change as the PUT route has it, after validation. */
export type BotLlmUpdate = z.output<typeof botLlmChangeSchema>;

export const estimateTokens = (chars: number): number => Math.ceil(Math.max(0, chars) / CHARS_PER_TOKEN);

/**
 * A bot's language model: its settings with the key decrypted (the key sits in the database sealed by the
 * SecretBox, and is never logged or returned), the daily token quotas, and the metering of every call. The
 * conversation engine and the API routes both go through here.
 */
export class BotLlm {
  readonly #cache = new Map<string, { at: number; loaded: Promise<Loaded | undefined> }>();

  constructor(
    private readonly db: Queryable,
    private readonly box: SecretBox,
    private readonly logger: Logger,
    private readonly bus?: ClusterBus,
  ) {
    // Other nodes' edits arrive at once rather than after CACHE_MS.
    bus?.on('bot-llm', ({ botId }) => this.forget(botId));
    bus?.onResync(() => this.#cache.clear());
  }

  /** The bot's settings with the key decrypted, or undefined when it has none (cached briefly; a PUT/DELETE drops the cache). */
  async settings(botId: string): Promise<LlmSettings | undefined> {
    return (await this.#load(botId))?.settings;
  }

  /** False when the bot's or the API key's daily token quota is spent (the engine then answers extractively; the API answers 429). */
  async withinQuota(botId: string, apiKeyId: string | null): Promise<boolean> {
    const use = await tokenQuotaUse(this.db, { botId, apiKeyId, day: utcDay() });
    return (use.botQuota === null || use.botUsed < use.botQuota) && (use.keyQuota === null || use.keyUsed < use.keyQuota);
  }

  /** Records one call: the provider's usage, or an estimate from characters when it sent none. Never throws (logs). */
  async record(call: {
    botId: string;
    apiKeyId: string | null;
    model: string;
    usage: TokenUsage | null;
    promptChars: number;
    answerChars: number;
  }): Promise<void> {
    try {
      const tokens = call.usage ?? { inputTokens: estimateTokens(call.promptChars), outputTokens: estimateTokens(call.answerChars) };
      const price = await this.#priceOf(call.botId, call.model);
      await recordLlmCall(this.db, {
        botId: call.botId,
        apiKeyId: call.apiKeyId,
        day: utcDay(),
        model: call.model,
        inputTokens: tokens.inputTokens,
        outputTokens: tokens.outputTokens,
        estimated: call.usage === null,
        costUsd: costUsd(tokens, price),
      });
    } catch (error) {
      this.logger.error(
        { err: error, botId: call.botId, apiKeyId: call.apiKeyId, model: call.model },
        'could not record language model usage',
      );
    }
  }

  /** The bot's settings as the API shows them (never the key), or null when it has none. */
  async describe(botId: string): Promise<BotLlmInfo | null> {
    this.forget(botId);
    const loaded = await this.#load(botId);
    return loaded ? this.#info(loaded.stored) : null;
  }

  /**
   * Stores the bot's settings, replacing what it had; without `apiKey` the stored key is kept. Throws
   * LlmSettingsError when there is no usable key to keep.
   */
  async save(botId: string, change: BotLlmUpdate): Promise<BotLlmInfo> {
    const { apiKey, price, dailyTokenQuota, ...settings } = change;
    const fields = { botId, settings, price: price ?? null, dailyTokenQuota: dailyTokenQuota ?? null };
    this.forget(botId);
    try {
      if (apiKey !== undefined) {
        const hint = apiKey.length >= MIN_HINTED_KEY ? apiKey.slice(-4) : null;
        return this.#info((await saveBotLlm(this.db, { ...fields, apiKeySealed: this.box.seal({ apiKey }), apiKeyHint: hint }))!);
      }
      const stored = await findBotLlm(this.db, botId);
      if (!stored) throw new LlmSettingsError([{ path: 'apiKey', message: 'is required: the bot has no key stored yet' }]);
      if (this.#openKey(stored) === undefined) {
        throw new LlmSettingsError([
          { path: 'apiKey', message: "is required: the stored key cannot be opened with this server's secrets key" },
        ]);
      }
      const saved = await saveBotLlm(this.db, fields);
      // Removed meanwhile by another admin: there is no key left to keep.
      if (!saved) throw new LlmSettingsError([{ path: 'apiKey', message: 'is required: the bot has no key stored yet' }]);
      return this.#info(saved);
    } finally {
      this.forget(botId);
      this.bus?.publish({ kind: 'bot-llm', botId });
    }
  }

  /** Removes the bot's settings: it answers extractively again. Its usage history stays. */
  async remove(botId: string): Promise<void> {
    this.forget(botId);
    await deleteBotLlm(this.db, botId);
    this.forget(botId);
    this.bus?.publish({ kind: 'bot-llm', botId });
  }

  /** Drops the bot's cached settings, so the next call reads them again. */
  forget(botId: string): void {
    this.#cache.delete(botId);
  }

  #info(stored: StoredBotLlm): BotLlmInfo {
    const settings = storedSettingsSchema.parse(stored.settings);
    return {
      ...settings,
      apiKeySet: this.#openKey(stored) !== undefined,
      apiKeyHint: stored.apiKeyHint,
      price: stored.price,
      listPrice: listPrice(settings.model),
      dailyTokenQuota: stored.dailyTokenQuota,
      updatedAt: stored.updatedAt.toISOString(),
    };
  }

  /** The bot's own price applies to the model it is set up with; any other model (a call begun before an edit) pays the list price. */
  async #priceOf(botId: string, model: string): Promise<LlmPrice | null> {
    const stored = (await this.#load(botId))?.stored;
    if (stored?.price && stored.settings.model === model) return stored.price;
    return listPrice(model);
  }

  #load(botId: string): Promise<Loaded | undefined> {
    const cached = this.#cache.get(botId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.loaded;
    const loaded = this.#read(botId);
    const entry = { at: Date.now(), loaded };
    this.#cache.set(botId, entry);
    loaded.catch(() => {
      if (this.#cache.get(botId) === entry) this.#cache.delete(botId);
    });
    return loaded;
  }

  async #read(botId: string): Promise<Loaded | undefined> {
    const stored = await findBotLlm(this.db, botId);
    if (!stored) return undefined;
    const apiKey = this.#openKey(stored);
    if (apiKey === undefined) return { stored, settings: undefined };
    try {
      return { stored, settings: parseLlmSettings({ ...stored.settings, apiKey }) };
    } catch (error) {
      // The message names fields and limits only, never the key.
      this.logger.error({ botId, err: error }, 'stored language model settings are invalid; answering without the model');
      return { stored, settings: undefined };
    }
  }

  /** The decrypted key, or undefined (logged) when the row cannot be opened: a changed secrets key or a tampered row. */
  #openKey(stored: StoredBotLlm): string | undefined {
    try {
      const apiKey = this.box.open(stored.apiKeySealed).apiKey;
      if (apiKey) return apiKey;
    } catch {
      // Handled below: the error says nothing more useful than this.
    }
    this.logger.error(
      { botId: stored.botId },
      "the bot's language model key cannot be opened with this server's secrets key; enter it again",
    );
    return undefined;
  }
}
