import type { Classification } from '@parley/model';
import { restOperations, type ClassifyResult } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import type { ApiKey } from '../../db/api-key-store.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { HttpError, rateLimited } from '../http-error.ts';
import { meterCall, msUntilUtcMidnight } from '../usage-meter.ts';

export const classifyResult = (text: string, c: Classification): ClassifyResult => ({
  text,
  language: c.language,
  intent: c.intent ? { label: c.intent.label, confidence: c.intent.confidence, outOfScope: c.intent.outOfScope, top: c.intent.top } : null,
  sentiment: c.sentiment ? { label: c.sentiment.label, score: c.sentiment.score } : null,
});

/** What classify and preview answer for a bot without a model; checked before metering, so it is not charged. */
export const noModelYet = (): HttpError => new HttpError(503, 'internal', 'this bot has no trained model yet; train and promote one first');

/** Counts a call of `texts` texts against the key's daily quota, or refuses it (429) when the quota is spent. */
export async function chargeCall(ctx: AppContext, apiKey: ApiKey, texts: number): Promise<void> {
  const usage = await meterCall(ctx.db, apiKey, texts);
  if (!usage) {
    const retryAfterMs = msUntilUtcMidnight();
    throw rateLimited(`the daily quota of ${apiKey.dailyQuota} calls is spent; it resets at UTC midnight`, retryAfterMs);
  }
}

/**
 * The key's bot's live model classifying `texts`, metered: a bot with no model is refused before metering (a call
 * that cannot be served is not charged). Through the bot's batcher rather than the model itself: a model swapped
 * out mid-call finishes the calls already batched on it before it closes (ModelRegistry.activate).
 */
export async function classifyMetered(
  ctx: AppContext,
  apiKey: ApiKey,
  texts: readonly string[],
): Promise<{ version: string; classifications: Classification[] }> {
  const served = ctx.models.current(apiKey.botId);
  if (!served) throw noModelYet();
  await chargeCall(ctx, apiKey, texts.length);
  return { version: served.version, classifications: await Promise.all(texts.map((text) => served.batcher.classify(text))) };
}

export function classifyRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.classify, {
      async handle({ body }, { caller: { apiKey } }) {
        const { version, classifications } = await classifyMetered(ctx, apiKey, body.texts);
        return {
          status: 200,
          body: { model: { version }, results: body.texts.map((text, i) => classifyResult(text, classifications[i]!)) },
        };
      },
    }),
  ];
}
