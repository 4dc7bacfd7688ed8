import { llmSettingsSchema } from '@parley/protocol';
import type * as z from 'zod';

/**
 * A bot's settings for answering with a large language model: the wire schema of the REST contract (PUT
 * /bots/:botId/llm), so what the API accepts and what the answering layer runs on are one schema.
 */
export { llmSettingsSchema };

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
