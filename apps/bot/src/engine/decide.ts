import { isSmallTalk, OUT_OF_SCOPE_LABEL, type Classification, type IntentPrediction, type SentimentPrediction } from '@parley/model';
import { LIMITS, type Citation, type ConversationStatus, type HandoffReason, type QuickReply } from '@parley/protocol';
import { own, type BotConfig } from './bot-config.ts';
import { voiceFor, type BotVoice } from './voice.ts';

export interface DecideInput {
  config: BotConfig;
  status: ConversationStatus;
  /** conversations.failure_count: consecutive failed bot turns so far. */
  failureCount: number;
  text: string;
  /** Undefined when no model is loaded or classification failed. */
  classification: Classification | undefined;
  /**
   * The value of the quick reply the customer pressed, if any. A value naming a configured or handoff intent is
   * taken as that intent for certain: re-classifying the button's label could land on the same unclear split.
   */
  quickReplyValue?: string | undefined;
  /**
   * The knowledge base's answer to this message, when the caller asked it (see mayAnswerFromKnowledge) and it
   * answered: retrieval is async and costly, so the caller runs it only for decisions it could change.
   */
  knowledge?: KnowledgeAnswer | undefined;
}

/** An answer from the bot's knowledge base, with the sources it cites. */
export interface KnowledgeAnswer {
  text: string;
  citations: Citation[];
  /** The id its text was streamed under, when it was. */
  draftId?: string;
}

export interface BotReply {
  text: string;
  quickReplies?: QuickReply[];
  citations?: Citation[];
  draftId?: string;
}

/** Why a bot turn failed: no model, out of scope, too unsure, or an intent this bot has no answer for. */
export type FailureCause = 'no_classification' | 'out_of_scope' | 'low_confidence' | 'no_answer';

/**
 * Every decision carries the conversation's next status and failure count, so the caller writes both back
 * whatever the kind. `reason` uses the protocol's handoff reasons; a handoff after repeated failures reports the
 * failure that tipped it (out of scope or low confidence) and keeps the exact `cause`.
 */
export type Decision =
  | { kind: 'muted'; nextStatus: 'assigned'; failureCount: number }
  | { kind: 'waiting'; reply: BotReply; nextStatus: 'waiting'; failureCount: number }
  | ({ kind: 'handoff'; reply: BotReply; nextStatus: 'waiting'; failureCount: 0 } & HandoffCause)
  | { kind: 'answer'; intent: string; reply: BotReply; nextStatus: 'bot'; failureCount: 0 }
  /** An answer from the knowledge base; `intent` is the model's guess, if it had one. */
  | { kind: 'knowledge'; intent: string | null; reply: BotReply; nextStatus: 'bot'; failureCount: 0 }
  | { kind: 'smalltalk'; intent: string; reply: BotReply; nextStatus: 'bot'; failureCount: number }
  | { kind: 'clarify'; options: [string, string]; reply: BotReply; nextStatus: 'bot'; failureCount: number }
  | { kind: 'fallback'; cause: FailureCause; reply: BotReply; nextStatus: 'bot'; failureCount: number };

export type HandoffCause =
  | { reason: Extract<HandoffReason, 'customer_request' | 'negative_sentiment'> }
  | { reason: Extract<HandoffReason, 'out_of_scope' | 'low_confidence'>; cause: FailureCause };

type BotTurn = Extract<Decision, { kind: 'answer' | 'knowledge' | 'clarify' | 'fallback' }>;
type Answer = Extract<Decision, { kind: 'answer' | 'knowledge' }>;

/**
 * A message this short (in words; CJK characters count as half a word) says too little for its sentiment to
 * hand a customer over: "no", "asdf", "ugh" or "退款" are no evidence of an upset customer.
 */
const MIN_WORDS_FOR_SENTIMENT = 3;

/**
 * Every text the bot sends is in the customer's language (the classifier's `language`): the bot's locale texts,
 * and answers where the owner translated them.
 *
 * Precedence, first match wins:
 *  1. status 'assigned' → muted: an operator owns the conversation and the bot must not talk over them.
 *  2. status 'waiting'  → the waiting-for-agent text; nothing counts as a failure while nobody can help yet.
 *  3. status 'closed'   → reopened: a fresh turn under status 'bot' with the failure count back at 0, since
 *     failures with an earlier issue say nothing about this one. Then, as for status 'bot':
 *  4. explicit request (a handoff intent at ≥ clarifyConfidence, or a handoff phrase) → handoff. It outranks
 *     everything because ignoring someone who asks for a person is the worst outcome; a handoff intent ignores
 *     the model's out-of-scope flag for the same reason.
 *  5. small talk (a `smalltalk.*` intent, confident and in scope) → its reply. It is neither a success nor a
 *     failure, so the failure count stays as it was.
 *  6. the bot's own turn: answer (confident, clear of an answerable runner-up by clarifyMargin, in scope,
 *     configured) resets the failure count; clarify (an unsure guess, also one the model flagged out of scope
 *     only for its low confidence) and fallback add one, and the turn that would exceed maxFailures becomes a handoff instead.
 *     An upset customer (strongly negative sentiment on a message with something to act on) is never made to
 *     rephrase or pick an option: instead of a clarify or a fallback they are handed to a person at once. When
 *     the bot does have a confident answer they get it, with a "talk to a person" quick reply added: waiting in
 *     a queue for what the bot could say now would upset them more, and a person is still one press away.
 *     Out-of-scope, small-talk and very short messages (gibberish, "no") never count as upset: the sentiment
 *     model's reading of them is noise, and a person paged for "asdkjh" is an operator's time lost.
 *     A knowledge answer (when the caller got one) is an answer: it takes the place of a fallback or a
 *     clarifying question, and of the answer of an intent the owner listed in `knowledgeIntents`, so it resets the
 *     failure count and a too-many-failures handoff does not happen. A cited answer beats "could you rephrase?",
 *     and a clarifying question between two intents is moot when the documents answer the message itself.
 */
export function decide(input: DecideInput): Decision {
  const { config, status } = input;
  const voice = voiceFor(config, input.classification?.language ?? 'en');
  if (status === 'assigned') return { kind: 'muted', nextStatus: 'assigned', failureCount: input.failureCount };
  if (status === 'waiting')
    return { kind: 'waiting', reply: { text: voice.texts.waitingForAgent }, nextStatus: 'waiting', failureCount: input.failureCount };

  const intent = pressedIntent(config, input.quickReplyValue) ?? input.classification?.intent;
  if (asksForPerson(config, input.text, intent)) return handoff(voice, { reason: 'customer_request' });
  const upset = hasSubstance(config, input.text, intent) && isStronglyNegative(config, input.classification?.sentiment);
  const failuresSoFar = status === 'closed' ? 0 : input.failureCount;
  const smallTalk = intent && isSmallTalk(intent.label) && !intent.outOfScope && intent.confidence >= config.thresholds.answerConfidence;
  const smallTalkReply = smallTalk ? voice.smallTalk(intent.label) : undefined;
  if (smallTalkReply)
    return { kind: 'smalltalk', intent: intent!.label, reply: { ...smallTalkReply }, nextStatus: 'bot', failureCount: failuresSoFar };

  const turn = withKnowledge(config, botTurn(config, voice, intent), intent, input.knowledge);
  if (turn.kind === 'answer' || turn.kind === 'knowledge') return upset ? withPersonButton(config, voice, turn) : turn;
  if (upset) return handoff(voice, { reason: 'negative_sentiment' });
  const failureCount = failuresSoFar + 1;
  if (failureCount > config.thresholds.maxFailures) {
    const cause = turn.kind === 'clarify' ? 'low_confidence' : turn.cause;
    return handoff(voice, { reason: cause === 'out_of_scope' || cause === 'no_answer' ? 'out_of_scope' : 'low_confidence', cause });
  }
  return { ...turn, failureCount };
}

function handoff(voice: BotVoice, why: HandoffCause): Decision {
  return { kind: 'handoff', ...why, reply: { text: voice.texts.handoff }, nextStatus: 'waiting', failureCount: 0 };
}

/**
 * Whether a knowledge answer could change this decision, i.e. whether the caller should ask the knowledge base:
 * a fallback, a clarifying question, a handoff the bot's failure caused (not one the customer asked for), or the
 * answer of an intent listed in `knowledgeIntents`.
 */
export function mayAnswerFromKnowledge(config: BotConfig, decision: Decision): boolean {
  switch (decision.kind) {
    case 'fallback':
    case 'clarify':
      return true;
    case 'handoff':
      return decision.reason !== 'customer_request';
    case 'answer':
      return config.knowledgeIntents.includes(decision.intent);
    default:
      return false;
  }
}

function withKnowledge(
  config: BotConfig,
  turn: BotTurn,
  intent: IntentPrediction | undefined,
  knowledge: KnowledgeAnswer | undefined,
): BotTurn {
  if (!knowledge) return turn;
  if (turn.kind === 'answer' && !config.knowledgeIntents.includes(turn.intent)) return turn;
  const reply: BotReply = {
    text: knowledge.text,
    citations: knowledge.citations,
    ...(knowledge.draftId ? { draftId: knowledge.draftId } : {}),
  };
  const guessed = intent && !intent.outOfScope ? intent.label : null;
  return { kind: 'knowledge', intent: turn.kind === 'answer' ? turn.intent : guessed, reply, nextStatus: 'bot', failureCount: 0 };
}

function withPersonButton(config: BotConfig, voice: BotVoice, turn: Answer): Decision {
  const replies = turn.reply.quickReplies ?? [];
  if (replies.some((r) => config.handoffIntents.includes(r.value)) || replies.length >= LIMITS.quickRepliesPerMessage) return turn;
  const person = { label: voice.texts.talkToPerson, value: config.handoffIntents[0]! };
  return { ...turn, reply: { ...turn.reply, quickReplies: [...replies, person] } };
}

function pressedIntent(config: BotConfig, value: string | undefined): IntentPrediction | undefined {
  if (value === undefined || !(own(config.answers, value) || config.handoffIntents.includes(value))) return undefined;
  return { label: value, confidence: 1, top: [{ label: value, confidence: 1 }], outOfScope: false };
}

function asksForPerson(config: BotConfig, text: string, intent: IntentPrediction | undefined): boolean {
  if (intent && config.handoffIntents.includes(intent.label) && intent.confidence >= config.thresholds.clarifyConfidence) return true;
  // NFKC folds full-width letters ("ＨＵＭＡＮ") into the ASCII the phrases are written in.
  const normalized = text.normalize('NFKC').toLowerCase();
  return config.handoffPhrases.some((phrase) => normalized.includes(phrase));
}

/**
 * An intent the model flagged out of scope only for its low confidence (its out-of-scope threshold goes up to a
 * bot's default answer threshold): an unsure guess at a real intent, which the bot asks about like any other.
 */
const isUnsureGuess = (config: BotConfig, intent: IntentPrediction): boolean =>
  intent.outOfScope && intent.label !== OUT_OF_SCOPE_LABEL && intent.confidence < config.thresholds.answerConfidence;

/** Whether a message says enough, about the bot's business, for its sentiment to count. */
function hasSubstance(config: BotConfig, text: string, intent: IntentPrediction | undefined): boolean {
  if (intent && ((intent.outOfScope && !isUnsureGuess(config, intent)) || isSmallTalk(intent.label))) return false;
  const latinWords = text.match(/[\p{L}\p{N}]+/gu)?.filter((w) => !/\p{Script=Han}/u.test(w)).length ?? 0;
  const hanCharacters = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return latinWords + hanCharacters / 2 >= MIN_WORDS_FOR_SENTIMENT;
}

function isStronglyNegative(config: BotConfig, sentiment: SentimentPrediction | undefined): boolean {
  if (!sentiment) return false;
  const { negativeLabels, negativeSentiment } = config.thresholds;
  // Read each negative label's own probability: a message can be strongly negative while its top label is not,
  // e.g. a three-way model splitting between "negative" and "very_negative".
  return negativeLabels.some(
    (label) => (own(sentiment.probabilities, label) ?? (sentiment.label === label ? sentiment.score : 0)) >= negativeSentiment,
  );
}

/** What the bot itself would say, before failure counting. */
function botTurn(config: BotConfig, voice: BotVoice, intent: IntentPrediction | undefined): BotTurn {
  const fallback = (cause: FailureCause): BotTurn => ({
    kind: 'fallback',
    cause,
    reply: { text: voice.texts.fallback },
    nextStatus: 'bot',
    failureCount: 0,
  });
  if (!intent) return fallback('no_classification');
  if (intent.outOfScope && !isUnsureGuess(config, intent)) return fallback('out_of_scope');
  const { answerConfidence, clarifyConfidence, clarifyMargin } = config.thresholds;
  const options = clarifyOptions(config, intent);
  const clarify = (): BotTurn => ({
    kind: 'clarify',
    options: options!,
    reply: clarifyReply(voice, options!),
    nextStatus: 'bot',
    failureCount: 0,
  });
  if (intent.confidence >= answerConfidence) {
    const answer = voice.answer(intent.label);
    if (!answer) return fallback('no_answer');
    const runnerUp = options && options[0] === intent.label ? intent.top.find((t) => t.label === options[1])?.confidence : undefined;
    if (runnerUp !== undefined && intent.confidence - runnerUp < clarifyMargin) return clarify();
    return { kind: 'answer', intent: intent.label, reply: { ...answer }, nextStatus: 'bot', failureCount: 0 };
  }
  if (intent.confidence < clarifyConfidence || !options) return fallback(intent.outOfScope ? 'out_of_scope' : 'low_confidence');
  return clarify();
}

/** The two best candidates the bot can act on if chosen: ones with an answer, or a handoff intent. */
function clarifyOptions(config: BotConfig, intent: IntentPrediction): [string, string] | undefined {
  const candidates = new Set([intent.label, ...intent.top.map((t) => t.label)]);
  const [first, second] = [...candidates].filter((label) => own(config.answers, label) || config.handoffIntents.includes(label));
  return first !== undefined && second !== undefined ? [first, second] : undefined;
}

function clarifyReply(voice: BotVoice, options: [string, string]): BotReply {
  const names = options.map((label) => voice.displayName(label));
  // Replacer functions, because a replacement string would read "$&" or "$1" in a display name as a pattern.
  const text = voice.texts.clarify.replaceAll('{option1}', () => names[0]!).replaceAll('{option2}', () => names[1]!);
  return { text, quickReplies: options.map((value, i) => ({ label: names[i]!, value })) };
}
