import * as z from 'zod';
import { smallTalkReplies, type Language } from '@parley/model';
import { DEFAULT_ANSWER_THRESHOLD } from '../knowledge/extractive-answer.ts';
import { boundedText, labelSchema, LIMITS, probabilitySchema, quickRepliesSchema, textSchema } from '@parley/protocol';

/** Intents that always mean "let me talk to a person"; a bot's own list adds to these, never replaces them. */
export const DEFAULT_HANDOFF_INTENTS = ['human_agent', 'contact_human_agent', 'speak_to_human'];

/**
 * Matched as substrings of the lower-cased message, so they misfire on ordinary words: "human resources",
 * "travel agent", "user agent", "tour operator", "客服电话是多少" (asking for the support phone number). A false
 * positive hands a customer to a person, which costs an operator's time but never loses the customer, so the list
 * stays short and explicit. A bot's own list replaces this one, so an owner whose domain uses these words can
 * drop them (a classifier's handoff intent still catches the request).
 */
export const DEFAULT_HANDOFF_PHRASES = ['human', 'agent', 'real person', 'operator', '人工', '客服'];

// The nested objects belong to the engine alone, so they are strict: a misspelt "answerConfidense" must fail
// loudly rather than leave the default silently in force. The top level is not: bots.config also holds settings
// of other modules (allowed widget origins), which this schema leaves out of its result.
const answerSchema = z.strictObject({ text: textSchema, quickReplies: quickRepliesSchema.optional() });

const thresholdsSchema = z
  .strictObject({
    answerConfidence: probabilitySchema.default(0.5),
    clarifyConfidence: probabilitySchema.default(0.2),
    /**
     * A confident intent is still asked about ("did you mean A or B?") when an answerable runner-up is within this
     * much of it: a coin toss between two answers should not be settled by giving one of them.
     */
    clarifyMargin: probabilitySchema.default(0.25),
    negativeSentiment: probabilitySchema.default(0.85),
    negativeLabels: z.array(labelSchema).default(() => ['negative', '0']),
    maxFailures: z.int().min(0).default(2),
  })
  .refine((t) => t.clarifyConfidence <= t.answerConfidence, {
    message: 'must not exceed answerConfidence',
    path: ['clarifyConfidence'],
  });

/** The bot's own texts, per language: what a bot says when it has no answer of the owner's to give. */
export const DEFAULT_TEXTS: Record<
  Language,
  { fallback: string; clarify: string; handoff: string; waitingForAgent: string; talkToPerson: string }
> = {
  en: {
    talkToPerson: 'Talk to a person',
    fallback: "Sorry, I didn't get that. Could you rephrase it? You can also ask for a person.",
    clarify: 'Did you mean {option1} or {option2}?',
    handoff: "I'm passing you to a member of our team. Someone will be with you shortly.",
    waitingForAgent: 'Thanks, a member of our team will be with you shortly.',
  },
  zh: {
    talkToPerson: '转人工客服',
    fallback: '抱歉，我没有看懂。能换个说法再说一次吗？您也可以要求转人工客服。',
    clarify: '请问您是指{option1}还是{option2}？',
    handoff: '正在为您转接人工客服，请稍候，马上就有同事为您服务。',
    waitingForAgent: '谢谢，客服同事马上就来，请稍候。',
  },
};

const textsSchema = (language: Language) =>
  z.strictObject({
    fallback: textSchema.default(DEFAULT_TEXTS[language].fallback),
    clarify: textSchema.default(DEFAULT_TEXTS[language].clarify),
    handoff: textSchema.default(DEFAULT_TEXTS[language].handoff),
    waitingForAgent: textSchema.default(DEFAULT_TEXTS[language].waitingForAgent),
    /** The quick reply an upset customer's answer carries, so that a person is one press away. */
    talkToPerson: boundedText(LIMITS.quickReplyLabel).default(DEFAULT_TEXTS[language].talkToPerson),
  });

/** Replies to the built-in small-talk intents (`smalltalk.greeting`, …); an owner's entry replaces the default. */
const smallTalkSchema = (language: Language) =>
  z
    .record(labelSchema, answerSchema)
    .default({})
    .transform((own) => ({ ...defaultSmallTalk(language), ...own }));

const defaultSmallTalk = (language: Language): Record<string, { text: string }> =>
  Object.fromEntries(Object.entries(smallTalkReplies()[language]).map(([label, text]) => [label, { text }]));

/**
 * What the bot says to customers who write another language than the default (English): the texts always
 * (built-in translations unless the owner gives their own), answers and display names where the owner wrote them;
 * an intent without a translated answer is answered in the default language.
 */
const localeSchema = (language: Language) =>
  z.strictObject({
    texts: textsSchema(language).prefault({}),
    answers: z.record(labelSchema, answerSchema).default({}),
    smallTalk: smallTalkSchema(language),
    intentDisplayNames: z.record(labelSchema, boundedText(LIMITS.quickReplyLabel)).default({}),
  });

/** A directory of the deployment's PARLEY_HF_MODELS_DIR. */
const hfModelName = z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'the name of a model directory under PARLEY_HF_MODELS_DIR');
const hfDtype = z.enum(['fp32', 'fp16', 'q8']).default('fp32');
const textClassifierSchema = z.strictObject({
  kind: z.literal('text-classification'),
  model: hfModelName,
  dtype: hfDtype,
  /** The model's labels renamed to the bot's ({"LABEL_0": "negative"}). */
  labelMap: z.record(z.string().min(1), labelSchema).default({}),
});
const modelChoiceSchema = z.strictObject({
  /** "deployment" (PARLEY_ENCODER), "use-lite", "use-lite-int8", or "hf:<name>" of a PARLEY_HF_MODELS_DIR model. */
  encoder: z
    .string()
    .regex(/^(deployment|use-lite|use-lite-int8|hf:[A-Za-z0-9][\w.-]{0,99})$/, 'deployment, use-lite, use-lite-int8 or hf:<model name>')
    .default('deployment'),
  /** Intents from a Hugging Face classifier instead of trained heads: the bot's own, or zero-shot on an NLI model. */
  intent: z
    .discriminatedUnion('kind', [
      textClassifierSchema,
      z.strictObject({
        kind: z.literal('zero-shot'),
        model: hfModelName,
        dtype: hfDtype,
        hypothesisTemplate: z.string().includes('{}').max(LIMITS.label).optional(),
        /** Each intent's meaning in words, for its hypothesis; default: its display name, else its name. */
        descriptions: z.record(labelSchema, boundedText(LIMITS.quickReplyLabel)).default({}),
      }),
    ])
    .optional(),
  sentiment: textClassifierSchema.optional(),
});

const lowerCased = z.array(boundedText(LIMITS.label)).transform((phrases) => phrases.map((p) => p.toLowerCase()));

export const botConfigSchema = z.object({
  answers: z.record(labelSchema, answerSchema).default({}),
  // prefault, not default: the empty object goes through the inner schema, so its field defaults apply.
  thresholds: thresholdsSchema.prefault({}),
  handoffIntents: z
    .array(labelSchema)
    .default([])
    .transform((own) => [...new Set([...DEFAULT_HANDOFF_INTENTS, ...own])]),
  handoffPhrases: lowerCased.default(() => [...DEFAULT_HANDOFF_PHRASES]),
  texts: textsSchema('en').prefault({}),
  smallTalk: smallTalkSchema('en'),
  knowledge: z
    .strictObject({
      /** The confidence the best passage needs for an answer, per language (see DEFAULT_ANSWER_THRESHOLD). */
      answerThreshold: z
        .strictObject({
          en: probabilitySchema.default(DEFAULT_ANSWER_THRESHOLD.en),
          zh: probabilitySchema.default(DEFAULT_ANSWER_THRESHOLD.zh),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Intents whose answer comes from the knowledge base when it has one (e.g. "product_question"): their own
   * answer, if any, is what the bot says when the documents do not cover the message.
   */
  knowledgeIntents: z.array(labelSchema).default([]),
  /** Shown on clarifying buttons, so bounded like a quick-reply label. */
  intentDisplayNames: z.record(labelSchema, boundedText(LIMITS.quickReplyLabel)).default({}),
  locales: z.strictObject({ zh: localeSchema('zh').prefault({}) }).prefault({}),
  /** What this bot's models are made of (models/model-choice.ts); models are named, never paths. */
  model: modelChoiceSchema.prefault({}),
  /** What every model of this bot is also trained on (see withBuiltinIntents in @parley/model). */
  builtins: z.strictObject({ smallTalk: z.boolean().default(true), background: z.boolean().default(true) }).prefault({}),
});

export type BotConfig = z.output<typeof botConfigSchema>;
export type BotConfigInput = z.input<typeof botConfigSchema>;
export type BotAnswer = z.output<typeof answerSchema>;

export interface BotConfigIssue {
  /** Dotted path inside the config, e.g. "thresholds.answerConfidence"; "(root)" for the config itself. */
  path: string;
  message: string;
}

export class BotConfigError extends Error {
  override readonly name = 'BotConfigError';

  constructor(readonly issues: BotConfigIssue[]) {
    super(`invalid bot config: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** Validates a stored or submitted `bots.config` and fills in defaults; throws BotConfigError listing every problem. */
export function parseBotConfig(raw: unknown): BotConfig {
  const parsed = botConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const at = (path: PropertyKey[]) => path.map(String).join('.') || '(root)';
  // An unknown key is reported at the key itself, so that each misspelling has its own path.
  const issues = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'unknown key' }))
      : [{ path: at(issue.path), message: issue.message }],
  );
  throw new BotConfigError(issues);
}

/** A record lookup that ignores Object.prototype: an intent labelled "constructor" must not find a function. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
