import type { LlmPrice } from '@parley/protocol';

/**
 * Default prices in USD per 1M tokens (input, output) of well-known models, from the providers' public price
 * pages as they stood on 2025-10-01 (standard tier, no cache hits, no batch discount, shortest context tier;
 * international USD pages for Qwen/DashScope, Moonshot and Zhipu). They are defaults only: providers change
 * prices, discount by region and contract, and charge differently for cached input, so a bot's own price
 * (PUT /bots/:botId/llm `price`) always wins. A model missing here has no price: its cost shows as unknown, never 0.
 */
const LIST_PRICES: Readonly<Record<string, readonly [input: number, output: number]>> = {
  // OpenAI
  'gpt-5': [1.25, 10],
  'gpt-5-mini': [0.25, 2],
  'gpt-5-nano': [0.05, 0.4],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1-nano': [0.1, 0.4],
  'gpt-4o': [2.5, 10],
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4-turbo': [10, 30],
  'gpt-3.5-turbo': [0.5, 1.5],
  o3: [2, 8],
  'o3-mini': [1.1, 4.4],
  'o4-mini': [1.1, 4.4],
  o1: [15, 60],
  // DeepSeek (V3.2 pricing; deepseek-chat and deepseek-reasoner cost the same)
  'deepseek-chat': [0.28, 0.42],
  'deepseek-reasoner': [0.28, 0.42],
  // Qwen on DashScope (Alibaba Cloud Model Studio, international)
  'qwen-max': [1.6, 6.4],
  'qwen-plus': [0.4, 1.2],
  'qwen-turbo': [0.05, 0.2],
  'qwen-flash': [0.05, 0.4],
  'qwen3-max': [1.2, 6],
  // Moonshot (Kimi)
  'kimi-k2-0905-preview': [0.6, 2.5],
  'kimi-k2-0711-preview': [0.6, 2.5],
  'kimi-k2-turbo-preview': [1.15, 8],
  'moonshot-v1-8k': [0.2, 2],
  'moonshot-v1-32k': [1, 3],
  'moonshot-v1-128k': [2, 5],
  // Zhipu (Z.ai)
  'glm-4.6': [0.6, 2.2],
  'glm-4.5': [0.6, 2.2],
  'glm-4.5-air': [0.2, 1.1],
  'glm-4.5-flash': [0, 0],
};

// A dated or "latest" snapshot costs what its family does: gpt-4o-2024-08-06, qwen-plus-latest, o3-2025-04-16.
const SNAPSHOT_SUFFIX = /^-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

/** The built-in default price of `model`, or null when the table does not know it. */
export function listPrice(model: string): LlmPrice | null {
  const name = model.trim().toLowerCase();
  let found = LIST_PRICES[name];
  if (!found) {
    // The longest family the name is a snapshot of: gpt-4o-mini-2024-07-18 is gpt-4o-mini, not gpt-4o.
    const family = Object.keys(LIST_PRICES)
      .filter((known) => name.startsWith(known) && SNAPSHOT_SUFFIX.test(name.slice(known.length)))
      .sort((a, b) => b.length - a.length)[0];
    found = family === undefined ? undefined : LIST_PRICES[family];
  }
  return found ? { inputPerMillion: found[0], outputPerMillion: found[1] } : null;
}

/** The price a bot's call is charged at: the bot's own when it set one, else the table's; null: unknown. */
export const effectivePrice = (model: string, override: LlmPrice | null): LlmPrice | null => override ?? listPrice(model);

/** USD for the tokens at `price`; null when the price is unknown. */
export function costUsd(tokens: { inputTokens: number; outputTokens: number }, price: LlmPrice | null): number | null {
  if (!price) return null;
  return (tokens.inputTokens * price.inputPerMillion + tokens.outputTokens * price.outputPerMillion) / 1_000_000;
}
