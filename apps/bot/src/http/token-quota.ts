import type { AppContext } from '../app/context.ts';
import { rateLimited } from './http-error.ts';
import { msUntilUtcMidnight } from './usage-meter.ts';

/**
 * Refuses (429, Retry-After at UTC midnight) a call that would use the bot's language model once the bot's or
 * the API key's daily token quota is spent. Checked before the call, so calls already under way can take the day
 * a little past the quota; the next one is refused.
 */
export async function requireTokenQuota(ctx: AppContext, botId: string, apiKeyId: string | null): Promise<void> {
  if (await ctx.llm.withinQuota(botId, apiKeyId)) return;
  throw rateLimited(
    apiKeyId === null
      ? "the bot's daily language model token quota is spent; it resets at UTC midnight"
      : 'the daily language model token quota of the bot or of this API key is spent; it resets at UTC midnight',
    msUntilUtcMidnight(),
  );
}
