/**
 * Services that speak OpenAI chat completions, with the base URL each documents and a model to start from. Only
 * the URL and the model name differ between them.
 */
export const LLM_PRESETS = [
  { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
  { name: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1', model: 'deepseek-chat' },
  { name: 'Qwen (DashScope compatible mode)', baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', model: 'qwen-plus' },
  { name: 'Moonshot', baseUrl: 'https://api.moonshot.cn/v1', model: 'moonshot-v1-8k' },
  { name: 'Zhipu', baseUrl: 'https://open.bigmodel.cn/api/paas/v4', model: 'glm-4-flash' },
  { name: 'Ollama (this machine)', baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5:7b' },
  { name: 'vLLM (this machine)', baseUrl: 'http://localhost:8000/v1', model: '' },
] as const;

export type LlmPreset = (typeof LLM_PRESETS)[number];

/** The preset a base URL belongs to (a trailing slash aside), to show which service is configured. */
export function presetOf(baseUrl: string): LlmPreset | null {
  const normalized = baseUrl.trim().replace(/\/+$/, '');
  return LLM_PRESETS.find((preset) => preset.baseUrl === normalized) ?? null;
}
