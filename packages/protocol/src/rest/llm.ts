import * as z from 'zod';
import { botParamsSchema } from './bot-params.ts';
import { defineOperation } from './operation.ts';
import { timestampStringSchema } from './primitives.ts';

/** The largest daily token quota a bot or an API key may have (stored as a Postgres bigint, read as a safe integer). */
export const MAX_DAILY_TOKEN_QUOTA = Number.MAX_SAFE_INTEGER;

/** Highest price accepted per million tokens: well above any real model, low enough to catch a misplaced decimal. */
const MAX_PRICE_PER_MILLION = 10_000;

/**
 * A bot's settings for answering with a large language model. Any service that speaks OpenAI chat completions
 * works (OpenAI, DeepSeek, Qwen/DashScope compatible mode, Moonshot, Zhipu, vLLM, Ollama): only the base URL and
 * the model name change. Strict, so a misspelt "temprature" fails instead of leaving the default in force.
 */
export const llmSettingsSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, such as https://api.openai.com/v1' }),
  // Ollama and vLLM ignore the key, but the OpenAI client refuses to send a request without one: any text will do.
  apiKey: z.string().min(1, 'must not be empty (any text for services that need no key)').max(1000),
  model: z.string().trim().min(1).max(200),
  /** The whole answer, retries included, must arrive within this: a customer is waiting on the other side. */
  timeoutMs: z.int().min(100).max(120_000).default(20_000),
  maxOutputTokens: z.int().min(1).max(32_768).default(800),
  /** Null sends none, leaving the service's default: reasoning models (o3, gpt-5) refuse any other value. */
  temperature: z.number().min(0).max(2).nullable().default(0.2),
  /** Extra attempts after a 429, a 5xx or a dropped connection; each waits a second or two, so keep it small. */
  maxRetries: z.int().min(0).max(3).default(1),
  /** Strips the customer's emails, phone, card and ID numbers before the question leaves for the provider. */
  redactPii: z.boolean().default(true),
});

/** USD per one million tokens, the unit every provider's price list uses. */
export const llmPriceSchema = z
  .strictObject({
    inputPerMillion: z.number().min(0).max(MAX_PRICE_PER_MILLION).meta({ description: 'USD per 1M input (prompt) tokens' }),
    outputPerMillion: z.number().min(0).max(MAX_PRICE_PER_MILLION).meta({ description: 'USD per 1M output (completion) tokens' }),
  })
  .meta({ id: 'LlmPrice' });

export const dailyTokenQuotaSchema = z
  .int()
  .min(0)
  .max(MAX_DAILY_TOKEN_QUOTA)
  .nullable()
  .meta({ description: 'Input plus output tokens allowed per UTC day; null: unlimited.' });

/** What an admin sends: the settings, the key optional when one is stored (absent: keep it). */
export const botLlmChangeSchema = llmSettingsSchema
  .extend({
    apiKey: llmSettingsSchema.shape.apiKey.optional().meta({ description: 'The provider key; absent: keep the stored one.' }),
    price: llmPriceSchema.nullable().optional().meta({
      description: "Overrides the built-in price of the model; null or absent: the built-in price (none for a model it doesn't know).",
    }),
    dailyTokenQuota: dailyTokenQuotaSchema
      .optional()
      .meta({ description: 'Tokens per UTC day for the whole bot; null or absent: unlimited.' }),
  })
  .meta({ id: 'BotLlmChange' });

/** The bot's settings as the API shows them: everything except the key itself. */
export const botLlmInfoSchema = llmSettingsSchema
  .omit({ apiKey: true })
  .extend({
    apiKeySet: z.boolean().meta({
      description:
        'false when the stored key cannot be opened with this server’s secrets key (PARLEY_SECRETS_KEY changed): enter it again.',
    }),
    apiKeyHint: z
      .string()
      .nullable()
      .meta({ description: 'The last 4 characters of the key; null when the key is too short (under 8) to hint at safely.' }),
    price: llmPriceSchema.nullable().meta({ description: "The bot's own price, overriding the built-in one; null: none." }),
    listPrice: llmPriceSchema
      .nullable()
      .meta({ description: 'The built-in default price of the model; null when the model is not in the table.' }),
    dailyTokenQuota: dailyTokenQuotaSchema,
    updatedAt: timestampStringSchema,
  })
  .meta({ id: 'BotLlm' });

export const botLlmReplySchema = z.object({
  llm: botLlmInfoSchema.nullable().meta({ description: 'null: the bot has no language model and answers extractively.' }),
});

export const llmTestResultSchema = z
  .object({
    ok: z.boolean(),
    model: z.string(),
    latencyMs: z.number().min(0),
    reply: z.string().optional().meta({ description: "The model's reply, when ok." }),
    error: z.string().optional().meta({ description: 'Why the call failed (bad key, timeout, unreachable service…), when not ok.' }),
  })
  .meta({ id: 'LlmTestResult' });

/** One UTC day of one model's calls for a bot, over all its API keys and its customer conversations. */
export const llmDailyUsageSchema = z
  .object({
    day: z.iso.date(),
    model: z.string(),
    calls: z.int().min(0),
    inputTokens: z.int().min(0),
    outputTokens: z.int().min(0),
    estimatedCalls: z.int().min(0).meta({
      description: 'Calls whose provider reported no usage: their tokens are estimated from characters (about 4 a token).',
    }),
    costUsd: z.number().min(0).nullable().meta({ description: 'null: unknown (a model without a price), which is not 0.' }),
  })
  .meta({ id: 'LlmDailyUsage' });

export const llmUsageTotalsSchema = z
  .object({
    calls: z.int().min(0),
    inputTokens: z.int().min(0),
    outputTokens: z.int().min(0),
    estimatedCalls: z.int().min(0),
    costUsd: z.number().min(0).nullable().meta({ description: 'null when any of the tokens came from a model without a price.' }),
  })
  .meta({ id: 'LlmUsageTotals' });

export const botLlmUsageSchema = z
  .object({
    days: z.array(llmDailyUsageSchema).meta({ description: 'By day, then model; days without calls are left out.' }),
    totals: llmUsageTotalsSchema,
  })
  .meta({ id: 'BotLlmUsage' });

export type LlmSettingsWire = z.infer<typeof llmSettingsSchema>;
export type LlmPrice = z.infer<typeof llmPriceSchema>;
export type BotLlmChange = z.input<typeof botLlmChangeSchema>;
export type BotLlmInfo = z.infer<typeof botLlmInfoSchema>;
export type BotLlmReply = z.infer<typeof botLlmReplySchema>;
export type LlmTestResult = z.infer<typeof llmTestResultSchema>;
export type LlmDailyUsage = z.infer<typeof llmDailyUsageSchema>;
export type LlmUsageTotals = z.infer<typeof llmUsageTotalsSchema>;
export type BotLlmUsage = z.infer<typeof botLlmUsageSchema>;

const TAG = 'Language model';
const noBot = 'No such bot in your workspace';

export const llmOperations = {
  getBotLlm: defineOperation({
    method: 'get',
    path: '/bots/:botId/llm',
    operationId: 'getBotLlm',
    summary: "The bot's language model settings (never the key itself)",
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    responses: { 200: { description: 'The settings, or null when the bot has none', schema: botLlmReplySchema } },
    errors: { 404: noBot },
  }),
  putBotLlm: defineOperation({
    method: 'put',
    path: '/bots/:botId/llm',
    operationId: 'putBotLlm',
    summary: 'Set the language model the bot answers with; the key is stored encrypted and never returned',
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    body: botLlmChangeSchema,
    responses: { 200: { description: 'The settings as stored', schema: z.object({ llm: botLlmInfoSchema }) } },
    errors: { 404: noBot },
  }),
  deleteBotLlm: defineOperation({
    method: 'delete',
    path: '/bots/:botId/llm',
    operationId: 'deleteBotLlm',
    summary: 'Remove the language model settings: the bot answers extractively again (its usage history stays)',
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    responses: { 204: { description: 'Removed, or there were none' } },
    errors: { 404: noBot },
  }),
  testBotLlm: defineOperation({
    method: 'post',
    path: '/bots/:botId/llm/test',
    operationId: 'testBotLlm',
    summary: 'Ask the stored model a one-line question; a provider failure is reported in the body, not as an error',
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    responses: { 200: { description: 'Whether the model answered, and how fast; the call is metered', schema: llmTestResultSchema } },
    errors: { 404: 'No such bot in your workspace, or the bot has no language model', 429: "The bot's daily token quota is spent" },
  }),
};
