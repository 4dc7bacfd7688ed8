import { restOperations, type LlmTestResult } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { notFound } from '../../conversation/action-error.ts';
import {
  answerWithLlm,
  LlmAnswerError,
  LlmSettingsError,
  type AnswerPassage,
  type LlmFailureKind,
  type LlmSettings,
} from '../../knowledge/llm/index.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { HttpError } from '../http-error.ts';
import { requireTokenQuota } from '../token-quota.ts';
import { workspaceBot } from '../workspace-bot.ts';

/** The connection test goes through the same prompt, stream and usage path as a customer's answer. */
const TEST_QUESTION = 'What is the test word?';
const TEST_PASSAGE: AnswerPassage = {
  documentId: 'connection-test',
  title: 'Connection test',
  url: null,
  text: 'This is a connection test from Parley. The test word is "ready".',
  score: 1,
};
const TEST_PROMPT_CHARS = TEST_QUESTION.length + TEST_PASSAGE.title.length + TEST_PASSAGE.text.length;

/** The provider refused before running the model: nothing was used, so nothing is metered. */
const UNMETERED_FAILURES: ReadonlySet<LlmFailureKind> = new Set(['auth', 'rate_limit', 'connection']);

async function testModel(ctx: AppContext, botId: string, settings: LlmSettings): Promise<LlmTestResult> {
  const started = performance.now();
  const meter = (usage: { inputTokens: number; outputTokens: number } | null, answerChars: number) =>
    ctx.llm.record({ botId, apiKeyId: null, model: settings.model, usage, promptChars: TEST_PROMPT_CHARS, answerChars });
  try {
    const answer = await answerWithLlm({ settings, question: TEST_QUESTION, passages: [TEST_PASSAGE] });
    const latencyMs = performance.now() - started;
    await meter(answer.usage, answer.text.length);
    return { ok: true, model: settings.model, latencyMs, reply: answer.text };
  } catch (error) {
    if (!(error instanceof LlmAnswerError)) throw error;
    const latencyMs = performance.now() - started;
    if (!UNMETERED_FAILURES.has(error.kind)) await meter(null, 0);
    ctx.logger.info({ botId, model: settings.model, kind: error.kind, status: error.status }, 'language model test failed');
    return { ok: false, model: settings.model, latencyMs, error: error.message };
  }
}

export function llmRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.getBotLlm, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { llm: await ctx.llm.describe(bot.id) } };
      },
    }),
    implement(restOperations.putBotLlm, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        try {
          const llm = await ctx.llm.save(bot.id, body);
          // Names what changed hands, never the settings: they hold the key.
          ctx.logger.info(
            { botId: bot.id, operatorId: operator.id, model: llm.model, keyReplaced: body.apiKey !== undefined },
            'language model set',
          );
          return { status: 200, body: { llm } };
        } catch (error) {
          if (!(error instanceof LlmSettingsError)) throw error;
          throw new HttpError(400, 'invalid_payload', error.issues.map((issue) => `body.${issue.path}: ${issue.message}`).join('; '));
        }
      },
    }),
    implement(restOperations.deleteBotLlm, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        await ctx.llm.remove(bot.id);
        ctx.logger.info({ botId: bot.id, operatorId: operator.id }, 'language model removed');
        return { status: 204 };
      },
    }),
    implement(restOperations.testBotLlm, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const settings = await ctx.llm.settings(bot.id);
        if (!settings) {
          const info = await ctx.llm.describe(bot.id);
          if (!info) throw notFound('language model settings');
          const error = info.apiKeySet
            ? 'the stored settings are no longer valid; save them again'
            : "the stored key cannot be opened with this server's secrets key; enter it again";
          return { status: 200, body: { ok: false, model: info.model, latencyMs: 0, error } };
        }
        await requireTokenQuota(ctx, bot.id, null);
        return { status: 200, body: await testModel(ctx, bot.id, settings) };
      },
    }),
  ];
}
