import { detectLanguage } from '@parley/model';
import { LIMITS, type Citation, type KnowledgeAnswerMode } from '@parley/protocol';
import type { AppContext } from '../app/context.ts';
import { knowledgeRevision } from '../db/knowledge-store.ts';
import { DEFAULT_ANSWER_THRESHOLD, extractiveAnswer, type ExtractiveAnswer } from '../knowledge/extractive-answer.ts';
import type { KnowledgePassage } from '../knowledge/knowledge-passage.ts';
import { answerWithLlm, LlmAnswerError, type Citation as LlmCitation, type LlmAnswer } from '../knowledge/llm/index.ts';

/** Passages an LLM answers from: enough to cover a question that spans two articles, few enough to stay cheap. */
const LLM_PASSAGES = 5;

export interface KnowledgeReply {
  text: string;
  mode: KnowledgeAnswerMode;
  citations: Citation[];
  /** Set when the text was streamed first as answer:draft events under this id. */
  draftId?: string;
}

export interface LlmOutcome {
  model: string;
  outcome: 'answered' | 'not_in_sources' | 'failed' | 'skipped';
  error: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  firstTokenMs: number | null;
}

export interface KnowledgeAnswering {
  question: string;
  language: 'en' | 'zh';
  passages: KnowledgePassage[];
  threshold: number;
  /** Null: the knowledge base does not answer this, and the caller falls back or hands off. */
  answer: KnowledgeReply | null;
  /** Null when the bot has no language model or the caller asked for none. */
  llm: LlmOutcome | null;
  latencyMs: number;
}

export interface KnowledgeQuestion {
  botId: string;
  question: string;
  /** The API key the question came through, for metering and its token quota; null for conversations. */
  apiKeyId: string | null;
  useLlm: boolean;
  /** An LLM answer streams here as it is written; the id becomes the reply's draftId. */
  draft?: { id: string; onDelta: (delta: string) => void };
}

const extractiveReply = (found: ExtractiveAnswer): KnowledgeReply => ({
  text: found.text,
  mode: 'extractive',
  citations: [{ number: 1, ...sourceOf(found.source) }],
});

const sourceOf = (source: { documentId: string; title: string; url: string | null }) => ({
  documentId: source.documentId,
  title: source.title,
  ...(source.url ? { url: source.url } : {}),
});

const toCitation = (citation: LlmCitation): Citation => ({ number: citation.number, ...sourceOf(citation) });

/** Whether the bot has any indexed chunk: a bot without a knowledge base never loads the encoder for it. */
async function hasKnowledge(ctx: AppContext, botId: string): Promise<boolean> {
  // The revision opens with the chunk count.
  return (await knowledgeRevision(ctx.db, botId)).split('/')[0] !== '0';
}

/**
 * Answers a question from the bot's knowledge base, the one path behind a bot's turn, the console's Ask box, the
 * copilot and POST /answer. Retrieval first; an answer only when the best passage clears the threshold tuned for
 * its language. With a language model configured (and its token quota not spent) the model writes the answer from
 * the top passages, citing them; when it says the passages do not cover the question there is no answer, and when
 * it fails (timeout, provider error) the extractive answer stands in, so a provider outage never silences the bot.
 */
export async function answerFromKnowledge(ctx: AppContext, request: KnowledgeQuestion): Promise<KnowledgeAnswering> {
  const started = performance.now();
  const language = detectLanguage(request.question);
  const bot = await ctx.bots.get(request.botId);
  const thresholds = bot?.config.knowledge.answerThreshold ?? DEFAULT_ANSWER_THRESHOLD;
  const threshold = thresholds[language];
  const result = (passages: KnowledgePassage[], answer: KnowledgeReply | null, llm: LlmOutcome | null): KnowledgeAnswering => ({
    question: request.question,
    language,
    passages,
    threshold,
    answer,
    llm,
    latencyMs: performance.now() - started,
  });
  if (!(await hasKnowledge(ctx, request.botId))) return result([], null, null);

  const knowledge = await ctx.knowledge();
  const passages = await knowledge.search(request.botId, request.question);
  const extractive = extractiveAnswer(passages, { threshold: thresholds });
  const settings = request.useLlm ? await ctx.llm.settings(request.botId) : undefined;
  if (!settings) return result(passages, extractive && extractiveReply(extractive), null);

  const outcome = (kind: LlmOutcome['outcome'], error: string | null = null): LlmOutcome => ({
    model: settings.model,
    outcome: kind,
    error,
    inputTokens: null,
    outputTokens: null,
    firstTokenMs: null,
  });
  if (!extractive) return result(passages, null, outcome('skipped'));
  if (!(await ctx.llm.withinQuota(request.botId, request.apiKeyId)))
    return result(passages, extractiveReply(extractive), outcome('skipped', 'the daily token quota is spent; answered without the model'));

  const asked = performance.now();
  let firstTokenMs: number | null = null;
  const top = passages.slice(0, LLM_PASSAGES);
  let llm: LlmAnswer;
  try {
    llm = await answerWithLlm({
      settings,
      question: request.question,
      passages: top,
      onToken: (token) => {
        firstTokenMs ??= performance.now() - asked;
        request.draft?.onDelta(token);
      },
    });
  } catch (error) {
    if (!(error instanceof LlmAnswerError)) throw error;
    ctx.logger.warn({ botId: request.botId, kind: error.kind, err: error }, 'the language model failed; answering extractively');
    // A failed call may still have used tokens; without the provider's count, estimate from the prompt alone.
    await ctx.llm.record({
      botId: request.botId,
      apiKeyId: request.apiKeyId,
      model: settings.model,
      usage: null,
      promptChars: promptChars(request.question, top),
      answerChars: 0,
    });
    return result(passages, extractiveReply(extractive), { ...outcome('failed', error.message), firstTokenMs });
  }
  await ctx.llm.record({
    botId: request.botId,
    apiKeyId: request.apiKeyId,
    model: settings.model,
    usage: llm.usage,
    promptChars: promptChars(request.question, top),
    answerChars: llm.text.length,
  });
  const measured = {
    model: settings.model,
    error: null,
    inputTokens: llm.usage?.inputTokens ?? null,
    outputTokens: llm.usage?.outputTokens ?? null,
    firstTokenMs,
  };
  if (llm.notInSources) return result(passages, null, { ...measured, outcome: 'not_in_sources' });
  const answer: KnowledgeReply = {
    text: llm.text.slice(0, LIMITS.text),
    mode: 'llm',
    citations: llm.citations.map(toCitation),
    ...(request.draft ? { draftId: request.draft.id } : {}),
  };
  return result(passages, answer, { ...measured, outcome: 'answered' });
}

const promptChars = (question: string, passages: readonly KnowledgePassage[]): number =>
  question.length + passages.reduce((sum, passage) => sum + passage.text.length + passage.title.length, 0);
