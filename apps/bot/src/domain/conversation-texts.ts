import type { AppContext } from '../app/context.ts';
import { updateBotConfig, type Bot } from '../db/bot-store.ts';
import type { Operator } from '../db/operator-store.ts';
import { own, parseBotConfig, type BotConfig } from '../engine/bot-config.ts';
import { invalid } from '../conversation/action-error.ts';
import {
  CONVERSATION_LANGUAGES,
  fieldsOf,
  SMALL_TALK_LABELS,
  TEXT_KEYS,
  type ConversationTexts,
  type ConversationTextsUpdate,
  type ConversationTextValues,
} from '@parley/protocol';
import { writeDomain } from './domain-write.ts';
import { assertEngineLoads, languageRoot, valueAt, withValueAt, type RawConfig } from './raw-config.ts';

/** One entry of an update: where the client named it, where it is stored, and the owner's new value (null: reset). */
interface Change {
  field: string;
  path: string[];
  value: unknown;
}

const valuesOf = (config: BotConfig): ConversationTextValues => {
  const language = (texts: BotConfig['texts'], smallTalk: BotConfig['smallTalk']) => ({
    texts: fieldsOf(TEXT_KEYS, (key) => texts[key]),
    // Every built-in label has a default reply, so each one is always there.
    smallTalk: fieldsOf(SMALL_TALK_LABELS, (label) => own(smallTalk, label)!),
  });
  return {
    languages: { en: language(config.texts, config.smallTalk), zh: language(config.locales.zh.texts, config.locales.zh.smallTalk) },
    builtins: { ...config.builtins },
  };
};

// The engine's defaults are the single source of what "reset" gives.
const withDefaults = (config: BotConfig): ConversationTexts => ({ ...valuesOf(config), defaults: valuesOf(parseBotConfig({})) });

/** What the bot says now in each language and which built-ins its models learn, next to the built-in values. */
export async function readConversationTexts(ctx: AppContext, bot: Bot): Promise<ConversationTexts> {
  return withDefaults((await ctx.bots.get(bot.id))?.config ?? parseBotConfig({}));
}

function changesOf(update: ConversationTextsUpdate): Change[] {
  const changes: Change[] = [];
  const add = (field: string, path: string[], value: unknown) => {
    if (value !== undefined) changes.push({ field, path, value });
  };
  for (const language of CONVERSATION_LANGUAGES) {
    const given = update.languages?.[language];
    const root = languageRoot(language);
    for (const key of TEXT_KEYS) add(`languages.${language}.texts.${key}`, [...root, 'texts', key], given?.texts?.[key]);
    for (const label of SMALL_TALK_LABELS)
      add(`languages.${language}.smallTalk.${label}`, [...root, 'smallTalk', label], given?.smallTalk?.[label]);
  }
  add('builtins.smallTalk', ['builtins', 'smallTalk'], update.builtins?.smallTalk);
  add('builtins.background', ['builtins', 'background'], update.builtins?.background);
  return changes;
}

/**
 * Sets or resets (null) the bot's texts, small-talk replies and built-in switches, in one transaction with its
 * audit row; the running bot says the new texts from its next turn. The built-ins change what the next model is
 * trained on, so they take effect at the next retrain.
 */
export async function updateConversationTexts(
  ctx: AppContext,
  bot: Bot,
  operator: Operator,
  update: ConversationTextsUpdate,
): Promise<ConversationTexts> {
  const changes = changesOf(update);
  if (changes.length === 0) throw invalid('give at least one value to change (null resets one to its default)');
  const stored = await writeDomain(ctx, bot.id, operator, async ({ tx, config }) => {
    const next = changes.reduce<RawConfig>((out, change) => withValueAt(out, change.path, change.value), config);
    assertEngineLoads(next);
    await updateBotConfig(tx, bot.id, next);
    const detail = { changes: changes.map(({ field, path, value }) => ({ field, before: valueAt(config, path), after: value })) };
    return { result: next, change: { action: 'conversation_texts.update', detail } };
  });
  ctx.bots.invalidate(bot.id);
  return withDefaults(parseBotConfig(stored));
}
