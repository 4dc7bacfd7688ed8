import type { AppContext } from '../app/context.ts';
import { updateBotConfig, type Bot } from '../db/bot-store.ts';
import type { Queryable } from '../db/database.ts';
import type { Operator } from '../db/operator-store.ts';
import { BotConfigError, own, parseBotConfig } from '../engine/bot-config.ts';
import { HttpError, notFoundHere } from '../http/http-error.ts';
import type { Answer, Intent, IntentUpdate } from './domain-schemas.ts';
import { writeDomain } from './domain-write.ts';
import { deleteLabelExamples, labelCounts } from './example-store.ts';
import { listIntents } from './intent-catalog.ts';

type RawConfig = Record<string, unknown>;

/** What the config says about one intent. */
interface IntentEntry {
  displayName: string | null;
  answer: Answer | null;
}

const recordAt = (config: RawConfig, key: string): Record<string, unknown> => {
  const value = config[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
};

const entryOf = (config: RawConfig, intent: string): IntentEntry => ({
  displayName: (own(recordAt(config, 'intentDisplayNames'), intent) as string | undefined) ?? null,
  answer: (own(recordAt(config, 'answers'), intent) as Answer | undefined) ?? null,
});

/** `record` with `key` set to `value`, or without it for null; a computed key, so "__proto__" stays a plain key. */
const withKey = (record: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => {
  const rest = Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
  return value === null ? rest : { ...rest, [key]: value };
};

const withEntry = (config: RawConfig, intent: string, entry: IntentEntry): RawConfig => ({
  ...config,
  answers: withKey(recordAt(config, 'answers'), intent, entry.answer),
  intentDisplayNames: withKey(recordAt(config, 'intentDisplayNames'), intent, entry.displayName),
});

/** The engine must be able to load what is stored: refuse, naming the field, anything it would not. */
function assertEngineLoads(config: RawConfig): void {
  try {
    parseBotConfig(config);
  } catch (error) {
    if (!(error instanceof BotConfigError)) throw error;
    throw new HttpError(
      400,
      'invalid_payload',
      `the bot config would not load: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
}

const hasExamples = async (db: Queryable, botId: string, intent: string) =>
  (await labelCounts(db, botId)).some((c) => c.task === 'intent' && c.label === intent);

/**
 * Sets an intent's display name and answer (absent: unchanged, null: removed), creating the intent when new.
 * The config is written through in the same transaction as its audit row, and the running server reloads it.
 */
export async function updateIntent(ctx: AppContext, bot: Bot, operator: Operator, intent: string, update: IntentUpdate): Promise<Intent> {
  await writeDomain(ctx, bot.id, operator, async ({ tx, config }) => {
    const before = entryOf(config, intent);
    const after = {
      displayName: update.displayName === undefined ? before.displayName : update.displayName,
      answer: update.answer === undefined ? before.answer : update.answer,
    };
    if (after.displayName === null && after.answer === null && !(await hasExamples(tx, bot.id, intent)))
      throw new HttpError(400, 'invalid_payload', 'an intent needs a displayName, an answer or examples; DELETE removes one');
    const next = withEntry(config, intent, after);
    assertEngineLoads(next);
    await updateBotConfig(tx, bot.id, next);
    return { result: undefined, change: { action: 'intent.update', detail: { intent, before, after } } };
  });
  ctx.bots.invalidate(bot.id);
  return (await listIntents(ctx, bot)).intents.find((i) => i.name === intent)!;
}

/** Removes an intent: its examples (corrections included) and its answer and display name. */
export async function deleteIntent(ctx: AppContext, bot: Bot, operator: Operator, intent: string): Promise<void> {
  if (!(await listIntents(ctx, bot)).intents.some((i) => i.name === intent)) throw notFoundHere('intent');
  await writeDomain(ctx, bot.id, operator, async ({ tx, config }) => {
    const before = entryOf(config, intent);
    const removedExamples = await deleteLabelExamples(tx, bot.id, 'intent', intent);
    await updateBotConfig(tx, bot.id, withEntry(config, intent, { displayName: null, answer: null }));
    return { result: undefined, change: { action: 'intent.delete', detail: { intent, before, removedExamples } } };
  });
  ctx.bots.invalidate(bot.id);
}
