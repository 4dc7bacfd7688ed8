import * as z from 'zod';
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
    negativeSentiment: probabilitySchema.default(0.85),
    negativeLabels: z.array(labelSchema).default(() => ['negative', '0']),
    maxFailures: z.int().min(0).default(2),
  })
  .refine((t) => t.clarifyConfidence <= t.answerConfidence, {
    message: 'must not exceed answerConfidence',
    path: ['clarifyConfidence'],
  });

const textsSchema = z.strictObject({
  fallback: textSchema.default("Sorry, I didn't get that. Could you rephrase it? You can also ask for a person."),
  clarify: textSchema.default('Did you mean {option1} or {option2}?'),
  handoff: textSchema.default("I'm passing you to a member of our team. Someone will be with you shortly."),
  waitingForAgent: textSchema.default('Thanks, a member of our team will be with you shortly.'),
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
  texts: textsSchema.prefault({}),
  /** Shown on clarifying buttons, so bounded like a quick-reply label. */
  intentDisplayNames: z.record(labelSchema, boundedText(LIMITS.quickReplyLabel)).default({}),
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

/** How an intent is named to customers in a clarifying question. */
export function displayName(config: BotConfig, intent: string): string {
  return own(config.intentDisplayNames, intent) ?? intent.replaceAll('_', ' ').slice(0, LIMITS.quickReplyLabel);
}

/** A record lookup that ignores Object.prototype: an intent labelled "constructor" must not find a function. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
