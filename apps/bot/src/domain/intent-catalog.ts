import type { AppContext } from '../app/context.ts';
import type { Bot } from '../db/bot-store.ts';
import { own } from '../engine/bot-config.ts';
import type { IntentInfo as Intent, SentimentLabelInfo as SentimentLabel } from '@parley/protocol';
import { labelCounts } from '../db/example-store.ts';

/**
 * A bot's intents: every label its intent examples use, and every intent its config answers or names, with
 * example counts per split; and its sentiment labels likewise. An intent can exist with an answer and no
 * examples yet (just created), or with examples and no answer (the bot then falls back).
 */
export async function listIntents(ctx: AppContext, bot: Bot): Promise<{ intents: Intent[]; sentimentLabels: SentimentLabel[] }> {
  const counts = await labelCounts(ctx.db, bot.id);
  const config = (await ctx.bots.get(bot.id))?.config;
  const names = new Set([
    ...counts.filter((c) => c.task === 'intent').map((c) => c.label),
    ...Object.keys(config?.answers ?? {}),
    ...Object.keys(config?.intentDisplayNames ?? {}),
    // Normally an intent with a translation has its English wording or examples too; listed anyway, so that
    // one that lost them can still be seen and deleted.
    ...Object.keys(config?.locales.zh.answers ?? {}),
    ...Object.keys(config?.locales.zh.intentDisplayNames ?? {}),
  ]);
  const countOf = (task: 'intent' | 'sentiment', label: string) => counts.find((c) => c.task === task && c.label === label);
  const intents = [...names].sort().map((name) => ({
    name,
    displayName: (config && own(config.intentDisplayNames, name)) ?? null,
    trainExamples: countOf('intent', name)?.train ?? 0,
    testExamples: countOf('intent', name)?.test ?? 0,
    answer: (config && own(config.answers, name)) ?? null,
    translations: {
      zh: {
        displayName: (config && own(config.locales.zh.intentDisplayNames, name)) ?? null,
        answer: (config && own(config.locales.zh.answers, name)) ?? null,
      },
    },
  }));
  const sentimentLabels = counts
    .filter((c) => c.task === 'sentiment')
    .map((c) => ({ name: c.label, trainExamples: c.train, testExamples: c.test }));
  return { intents, sentimentLabels };
}
