import type { Language } from '@parley/model';
import { BotConfigError, own, parseBotConfig } from '../engine/bot-config.ts';
import { invalid } from '../conversation/action-error.ts';

/** A bot's stored `bots.config` as written: only the owner's own values, defaults left out. */
export type RawConfig = Record<string, unknown>;

const isRecord = (value: unknown): value is RawConfig => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object under `key`, or an empty one; an own-key lookup, so "__proto__" or "constructor" find nothing. */
export const recordAt = (config: RawConfig, key: string): RawConfig => {
  const value = own(config, key);
  return isRecord(value) ? value : {};
};

/** Where a language's wording lives: the default language (English) at the top level, the others under `locales`. */
export const languageRoot = (language: Language): string[] => (language === 'en' ? [] : ['locales', language]);

/** The stored value at `path`, or null when the owner has none there (the default is in force). */
export function valueAt(config: RawConfig, path: readonly string[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return config;
  if (rest.length === 0) return own(config, key) ?? null;
  return valueAt(recordAt(config, key), rest);
}

/**
 * `config` with `value` stored at `path`, or, for null, with the owner's value there removed so that the default
 * applies again; objects a removal leaves empty go too, so a reset leaves the stored config as if never edited.
 * Keys are computed, so a "__proto__" label stays a plain key.
 */
export function withValueAt(config: RawConfig, path: readonly string[], value: unknown): RawConfig {
  const [key, ...rest] = path;
  if (key === undefined) throw new Error('withValueAt needs a path');
  const next = rest.length === 0 ? value : withValueAt(recordAt(config, key), rest, value);
  const without = Object.fromEntries(Object.entries(config).filter(([k]) => k !== key));
  const removed = next === null || (value === null && isRecord(next) && Object.keys(next).length === 0);
  return removed ? without : { ...without, [key]: next };
}

/** The engine must be able to load what is stored: refuse, naming the field, anything it would not. */
export function assertEngineLoads(config: RawConfig): void {
  try {
    parseBotConfig(config);
  } catch (error) {
    if (!(error instanceof BotConfigError)) throw error;
    throw invalid(`the bot config would not load: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}
