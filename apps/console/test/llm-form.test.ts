import { botLlmChangeSchema, type BotLlmInfo } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { llmChange, llmFormDraft, LlmFormError } from '../src/llm/llm-form.ts';
import { LLM_PRESETS, presetOf } from '../src/llm/llm-presets.ts';

const STORED: BotLlmInfo = {
  baseUrl: 'https://api.deepseek.com/v1',
  model: 'deepseek-chat',
  timeoutMs: 15_000,
  maxOutputTokens: 600,
  temperature: null,
  maxRetries: 2,
  redactPii: false,
  apiKeySet: true,
  apiKeyHint: 'wxyz',
  price: { inputPerMillion: 0.27, outputPerMillion: 1.1 },
  listPrice: null,
  dailyTokenQuota: 200_000,
  updatedAt: '2026-12-03T16:00:00.000Z',
};

describe('the language model settings form', () => {
  it('round-trips stored settings without sending the key again', () => {
    const change = llmChange(llmFormDraft(STORED), true);
    assert.deepEqual(change, {
      baseUrl: 'https://api.deepseek.com/v1',
      model: 'deepseek-chat',
      timeoutMs: 15_000,
      temperature: null,
      maxOutputTokens: 600,
      maxRetries: 2,
      redactPii: false,
      price: { inputPerMillion: 0.27, outputPerMillion: 1.1 },
      dailyTokenQuota: 200_000,
    });
    assert.ok(botLlmChangeSchema.safeParse(change).success);
  });

  it('needs a key on the first save, and sends blanks as the contract’s nulls', () => {
    const draft = { ...llmFormDraft(null), baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5:7b' };
    assert.throws(() => llmChange(draft, false), LlmFormError);
    const change = llmChange({ ...draft, apiKey: ' ollama ', temperature: '', dailyTokenQuota: '' }, false);
    assert.equal(change.apiKey, 'ollama');
    assert.equal(change.temperature, null);
    assert.equal(change.dailyTokenQuota, null);
    assert.equal(change.price, null);
    assert.equal(change.timeoutMs, 20_000);
    assert.ok(botLlmChangeSchema.safeParse(change).success);
  });

  it('says which field is not a number', () => {
    const draft = { ...llmFormDraft(STORED), maxOutputTokens: '12.5' };
    assert.throws(() => llmChange(draft, true), /Max output tokens must be a whole number/);
    assert.throws(() => llmChange({ ...llmFormDraft(STORED), inputPerMillion: '' }, true), /Input price must be a number/);
  });

  it('offers the services’ documented base URLs, each a valid one', () => {
    assert.equal(presetOf('http://localhost:11434/v1/')?.name, 'Ollama (this machine)');
    assert.equal(presetOf('https://example.com/v1'), null);
    for (const preset of LLM_PRESETS) assert.doesNotThrow(() => new URL(preset.baseUrl), preset.name);
    for (const name of ['OpenAI', 'DeepSeek', 'Qwen', 'Moonshot', 'Zhipu', 'Ollama', 'vLLM'])
      assert.ok(
        LLM_PRESETS.some((preset) => preset.name.startsWith(name)),
        name,
      );
  });
});
