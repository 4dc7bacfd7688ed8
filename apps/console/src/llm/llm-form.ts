import type { BotLlmChange, BotLlmInfo } from '@parley/protocol';

/** The LLM settings form as typed: strings, so a field can be blank while being edited. */
export interface LlmFormDraft {
  baseUrl: string;
  model: string;
  /** Blank: keep the stored key. */
  apiKey: string;
  timeoutSeconds: string;
  /** Blank: the service's default temperature. */
  temperature: string;
  maxOutputTokens: string;
  maxRetries: string;
  redactPii: boolean;
  overridePrice: boolean;
  inputPerMillion: string;
  outputPerMillion: string;
  /** Blank: unlimited. */
  dailyTokenQuota: string;
}

export function llmFormDraft(llm: BotLlmInfo | null): LlmFormDraft {
  return {
    baseUrl: llm?.baseUrl ?? '',
    model: llm?.model ?? '',
    apiKey: '',
    timeoutSeconds: String((llm?.timeoutMs ?? 20_000) / 1000),
    temperature: llm ? (llm.temperature === null ? '' : String(llm.temperature)) : '0.2',
    maxOutputTokens: String(llm?.maxOutputTokens ?? 800),
    maxRetries: String(llm?.maxRetries ?? 1),
    redactPii: llm?.redactPii ?? true,
    overridePrice: Boolean(llm?.price),
    inputPerMillion: llm?.price ? String(llm.price.inputPerMillion) : '',
    outputPerMillion: llm?.price ? String(llm.price.outputPerMillion) : '',
    dailyTokenQuota: llm?.dailyTokenQuota == null ? '' : String(llm.dailyTokenQuota),
  };
}

/** A field the form cannot send, said in words next to the form before the server is asked. */
export class LlmFormError extends Error {
  override name = 'LlmFormError';
}

function number(text: string, field: string): number {
  const value = Number(text.trim());
  if (!text.trim() || !Number.isFinite(value)) throw new LlmFormError(`${field} must be a number.`);
  return value;
}

function integer(text: string, field: string): number {
  const value = number(text, field);
  if (!Number.isInteger(value)) throw new LlmFormError(`${field} must be a whole number.`);
  return value;
}

/**
 * What the form sends. The key only when one was typed (blank keeps the stored one); a first save needs one. The
 * server checks ranges; this only turns text into the numbers the contract takes.
 */
export function llmChange(draft: LlmFormDraft, hasStoredKey: boolean): BotLlmChange {
  const apiKey = draft.apiKey.trim();
  if (!apiKey && !hasStoredKey) throw new LlmFormError('Enter the API key (any text for a service that needs none, such as Ollama).');
  return {
    baseUrl: draft.baseUrl.trim(),
    model: draft.model.trim(),
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: Math.round(number(draft.timeoutSeconds, 'Timeout') * 1000),
    temperature: draft.temperature.trim() ? number(draft.temperature, 'Temperature') : null,
    maxOutputTokens: integer(draft.maxOutputTokens, 'Max output tokens'),
    maxRetries: integer(draft.maxRetries, 'Retries'),
    redactPii: draft.redactPii,
    price: draft.overridePrice
      ? { inputPerMillion: number(draft.inputPerMillion, 'Input price'), outputPerMillion: number(draft.outputPerMillion, 'Output price') }
      : null,
    dailyTokenQuota: draft.dailyTokenQuota.trim() ? integer(draft.dailyTokenQuota, 'Daily token quota') : null,
  };
}
