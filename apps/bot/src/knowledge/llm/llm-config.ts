import * as z from 'zod';

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

export type LlmSettings = z.infer<typeof llmSettingsSchema>;
export type LlmSettingsInput = z.input<typeof llmSettingsSchema>;

export class LlmSettingsError extends Error {
  override readonly name = 'LlmSettingsError';

  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid LLM settings: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}

/** Validates a bot's stored or submitted LLM settings and fills in defaults; throws LlmSettingsError listing every problem. */
export function parseLlmSettings(raw: unknown): LlmSettings {
  const parsed = llmSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new LlmSettingsError(
    parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
  );
}
