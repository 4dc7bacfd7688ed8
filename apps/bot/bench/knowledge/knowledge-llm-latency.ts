import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.ts';
import { parseLlmSettings } from '../../src/knowledge/llm/llm-config.ts';
import { answerWithLlm } from '../../src/knowledge/llm/llm-answer.ts';
import { startFakeOpenAiServer } from '../../test/support/fake-openai-server.ts';
import { percentile } from './retrieval-metrics.ts';

// As many as a bot's turn hands the model (LLM_PASSAGES in src/conversation/knowledge-answer.ts).
const PASSAGES = 5;
const REPLY = ['Standard shipping', ' takes 2–4 working days', ' and is free above €50', ' [1].'];

export interface FirstTokenTiming {
  p50: number;
  p95: number;
}

/**
 * Time from calling answerWithLlm to its first onToken, with each question's retrieved passages, against a
 * loopback OpenAI-compatible server that streams its reply at once: what is left is Parley's own overhead
 * (prompt building, redaction, the OpenAI client, SSE parsing, the not-in-sources gate). One call first, not
 * counted, loads the client's modules and opens the connection, as a running server has long done.
 */
export async function llmFirstTokenLatency(
  kb: KnowledgeBase,
  botId: string,
  questions: readonly string[],
  count: number,
): Promise<FirstTokenTiming> {
  const server = await startFakeOpenAiServer();
  try {
    const settings = parseLlmSettings({ baseUrl: server.baseUrl, apiKey: server.apiKey, model: 'bench-model', maxRetries: 0 });
    const times: number[] = [];
    for (let i = -1; i < count; i++) {
      const question = questions[Math.max(0, i) % questions.length]!;
      const passages = (await kb.search(botId, question)).slice(0, PASSAGES);
      server.script({ reply: 'answer', tokens: REPLY });
      let firstToken: number | undefined;
      const started = performance.now();
      await answerWithLlm({ settings, question, passages, onToken: () => void (firstToken ??= performance.now() - started) });
      if (firstToken === undefined) throw new Error(`answerWithLlm streamed no token for "${question}"`);
      if (i >= 0) times.push(firstToken);
    }
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
  } finally {
    await server.close();
  }
}
