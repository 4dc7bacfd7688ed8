export { buildAnswerMessages, type ChatTurn } from './answer-prompt.ts';
export { citationsFor, citedPassageNumbers, type Citation } from './citations.ts';
export { httpLinkOrNull } from './http-link.ts';
export { answerPassageSchema, type AnswerPassage } from './answer-passage.ts';
export { answerWithLlm, type LlmAnswer, type LlmAnswerRequest, type TokenUsage } from './llm-answer.ts';
export { llmSettingsSchema, LlmSettingsError, parseLlmSettings, type LlmSettings, type LlmSettingsInput } from './llm-config.ts';
export { LlmAnswerError, LlmInputError, type LlmFailureKind } from './llm-errors.ts';
export { NOT_IN_SOURCES, saysNotInSources } from './not-in-sources.ts';
export { PII_PLACEHOLDERS, redactPii, type PiiCounts, type PiiKind, type Redaction } from './redact-pii.ts';
