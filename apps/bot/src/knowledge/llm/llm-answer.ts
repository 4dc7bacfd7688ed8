import { ChatOpenAI } from '@langchain/openai';
import { LIMITS } from '@parley/protocol';
import * as z from 'zod';
import { buildAnswerMessages } from './answer-prompt.ts';
import { citationsFor, citedPassageNumbers, type Citation } from './citations.ts';
import { answerPassageSchema, type AnswerPassage } from './answer-passage.ts';
import type { LlmSettings } from './llm-config.ts';
import { LlmAnswerError, LlmInputError, toLlmAnswerError } from './llm-errors.ts';
import { createMarkerGate, saysNotInSources } from './not-in-sources.ts';
import { redactPii, type PiiCounts } from './redact-pii.ts';

export interface LlmAnswerRequest {
  settings: LlmSettings;
  /** The customer's message, as they typed it. */
  question: string;
  /** Retrieval's passages, best first; the model cites them as [1], [2], … in this order. */
  passages: AnswerPassage[];
  /** Receives the answer as it streams in; a reply that opens with the not-in-sources marker never reaches it. */
  onToken?: (token: string) => void;
  /** Aborts the answer, e.g. when the customer leaves; ends in an LlmAnswerError of kind 'cancelled'. */
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmAnswer {
  text: string;
  /** The model said the passages do not cover the question: the caller answers some other way. */
  notInSources: boolean;
  /** Passage numbers the text cites, in order of first mention; only numbers that exist. */
  citedNumbers: number[];
  citations: Citation[];
  /** The provider's own count, or null when it sent none (not every compatible service honours include_usage). */
  usage: TokenUsage | null;
  /** What was redacted from the question before it left (all zero when the bot turned redaction off). */
  redactions: PiiCounts;
}

const answerInputSchema = z.object({
  question: z.string().trim().min(1, 'the question is empty').max(LIMITS.text),
  passages: z.array(answerPassageSchema).min(1, 'there are no passages to answer from').max(50),
});

const NOTHING_REDACTED: PiiCounts = { email: 0, idNumber: 0, card: 0, phone: 0 };

function chatModelFor(settings: LlmSettings): ChatOpenAI {
  return new ChatOpenAI({
    model: settings.model,
    apiKey: settings.apiKey,
    configuration: { baseURL: settings.baseUrl },
    temperature: settings.temperature ?? undefined,
    maxTokens: settings.maxOutputTokens,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    // Asks for the final usage chunk (stream_options.include_usage), the only place a stream reports its tokens.
    streamUsage: true,
  });
}

/**
 * Answers the question from the passages with the bot's model, streaming the text to onToken as it arrives.
 * Every provider failure (bad key, rate limit, server error, a connection that hangs past timeoutMs, an empty
 * reply) rejects with LlmAnswerError, so the caller has one thing to catch before falling back.
 */
export async function answerWithLlm(request: LlmAnswerRequest): Promise<LlmAnswer> {
  const input = answerInputSchema.safeParse({ question: request.question, passages: request.passages });
  if (!input.success) throw new LlmInputError(`cannot ask the model: ${z.prettifyError(input.error)}`);
  const { settings } = request;
  const { passages } = input.data;
  const redaction = settings.redactPii ? redactPii(input.data.question) : { text: input.data.question, counts: NOTHING_REDACTED };

  const deadline = AbortSignal.timeout(settings.timeoutMs);
  const signal = request.signal ? AbortSignal.any([deadline, request.signal]) : deadline;
  // A throwing onToken is the caller's bug, not the provider's: it must come out as itself, not as a fallback.
  let consumerError: unknown;
  const gate = createMarkerGate((token) => {
    try {
      request.onToken?.(token);
    } catch (error) {
      consumerError = error;
      throw error;
    }
  });

  let text = '';
  let usage: TokenUsage | null = null;
  try {
    const stream = await chatModelFor(settings).stream(buildAnswerMessages(redaction.text, passages), { signal });
    for await (const chunk of stream) {
      // `text` holds only the text blocks: reasoning models' reasoning_content stays in additional_kwargs.
      const token = chunk.text;
      if (token) {
        text += token;
        gate.push(token);
      }
      // The provider's figures arrive once, on the final chunk (stream_options.include_usage).
      const reported = chunk.usage_metadata;
      if (reported) usage = { inputTokens: reported.input_tokens, outputTokens: reported.output_tokens };
    }
  } catch (error) {
    if (consumerError !== undefined && error === consumerError) throw error;
    throw toLlmAnswerError(error, { deadline, caller: request.signal });
  }
  text = text.trim();
  if (text === '') throw new LlmAnswerError('empty_reply', 'the model sent an empty reply');
  gate.end();

  const notInSources = saysNotInSources(text);
  const citedNumbers = notInSources ? [] : citedPassageNumbers(text, passages.length);
  return { text, notInSources, citedNumbers, citations: citationsFor(citedNumbers, passages), usage, redactions: redaction.counts };
}
