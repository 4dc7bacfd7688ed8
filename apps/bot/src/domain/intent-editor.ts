import type { Language } from '@parley/model';
import type { AppContext } from '../app/context.ts';
import { updateBotConfig, type Bot } from '../db/bot-store.ts';
import type { Queryable } from '../db/database.ts';
import type { Operator } from '../db/operator-store.ts';
import { invalid, notFound } from '../conversation/action-error.ts';
import type { IntentAnswer as Answer, IntentInfo as Intent, IntentUpdate } from '@parley/protocol';
import { writeDomain } from './domain-write.ts';
import { deleteLabelExamples, labelCounts } from '../db/example-store.ts';
import { listIntents } from './intent-catalog.ts';
import { assertEngineLoads, languageRoot, valueAt, withValueAt, type RawConfig } from './raw-config.ts';

/** What the config says about one intent in one language. */
interface Wording {
  displayName: string | null;
  answer: Answer | null;
}

interface IntentEntry extends Wording {
  translations: { zh: Wording };
}

const wordingPaths = (language: Language, intent: string) => ({
  displayName: [...languageRoot(language), 'intentDisplayNames', intent],
  answer: [...languageRoot(language), 'answers', intent],
});

const wordingOf = (config: RawConfig, language: Language, intent: string): Wording => {
  const paths = wordingPaths(language, intent);
  return { displayName: valueAt(config, paths.displayName) as string | null, answer: valueAt(config, paths.answer) as Answer | null };
};

const withWording = (config: RawConfig, language: Language, intent: string, wording: Wording): RawConfig => {
  const paths = wordingPaths(language, intent);
  return withValueAt(withValueAt(config, paths.displayName, wording.displayName), paths.answer, wording.answer);
};

const entryOf = (config: RawConfig, intent: string): IntentEntry => ({
  ...wordingOf(config, 'en', intent),
  translations: { zh: wordingOf(config, 'zh', intent) },
});

const withEntry = (config: RawConfig, intent: string, entry: IntentEntry): RawConfig =>
  withWording(withWording(config, 'en', intent, entry), 'zh', intent, entry.translations.zh);

const REMOVED: IntentEntry = { displayName: null, answer: null, translations: { zh: { displayName: null, answer: null } } };

/** Absent: unchanged; null: removed. */
const merged = <T>(before: T, change: T | undefined): T => (change === undefined ? before : change);

const hasExamples = async (db: Queryable, botId: string, intent: string) =>
  (await labelCounts(db, botId)).some((c) => c.task === 'intent' && c.label === intent);

/**
 * Sets an intent's display name and answer, and their translations (absent: unchanged, null: removed), creating
 * the intent when new. The config is written through in the same transaction as its audit row, and the running
 * server reloads it.
 */
export async function updateIntent(ctx: AppContext, bot: Bot, operator: Operator, intent: string, update: IntentUpdate): Promise<Intent> {
  await writeDomain(ctx, bot.id, operator, async ({ tx, config }) => {
    const before = entryOf(config, intent);
    const zh = update.translations?.zh;
    const after: IntentEntry = {
      displayName: merged(before.displayName, update.displayName),
      answer: merged(before.answer, update.answer),
      translations: {
        zh: {
          displayName: merged(before.translations.zh.displayName, zh?.displayName),
          answer: merged(before.translations.zh.answer, zh?.answer),
        },
      },
    };
    // A translation alone does not make an intent: customers writing English would get nothing from it.
    if (after.displayName === null && after.answer === null && !(await hasExamples(tx, bot.id, intent)))
      throw invalid('an intent needs a displayName, an answer or examples; DELETE removes one');
    const next = withEntry(config, intent, after);
    assertEngineLoads(next);
    await updateBotConfig(tx, bot.id, next);
    return { result: undefined, change: { action: 'intent.update', detail: { intent, before, after } } };
  });
  ctx.bots.invalidate(bot.id);
  return (await listIntents(ctx, bot)).intents.find((i) => i.name === intent)!;
}

/** Removes an intent: its examples (corrections included), its answer and display name, and their translations. */
export async function deleteIntent(ctx: AppContext, bot: Bot, operator: Operator, intent: string): Promise<void> {
  if (!(await listIntents(ctx, bot)).intents.some((i) => i.name === intent)) throw notFound('intent');
  await writeDomain(ctx, bot.id, operator, async ({ tx, config }) => {
    const before = entryOf(config, intent);
    const removedExamples = await deleteLabelExamples(tx, bot.id, 'intent', intent);
    await updateBotConfig(tx, bot.id, withEntry(config, intent, REMOVED));
    return { result: undefined, change: { action: 'intent.delete', detail: { intent, before, removedExamples } } };
  });
  ctx.bots.invalidate(bot.id);
}
