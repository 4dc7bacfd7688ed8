import type { Classification } from '@parley/model';
import type { HandoffReason } from '@parley/protocol';
import type { BotConfig } from './bot-config.ts';
import { decide, mayAnswerFromKnowledge, type BotReply, type FailureCause, type KnowledgeAnswer } from './decide.ts';

/** The decisions a first message can get: nobody holds a new conversation, so the bot is never muted or waiting. */
export type PreviewDecisionKind = 'answer' | 'knowledge' | 'clarify' | 'fallback' | 'handoff' | 'smalltalk';

/** What the bot would do with a text, flattened for a client: the decision and only the fields that explain it. */
export interface PreviewDecision {
  decision: PreviewDecisionKind;
  /** The intent the bot answered (answer, smalltalk; knowledge: the model's guess); null for every other decision. */
  intent: string | null;
  reply: BotReply;
  /** handoff only: why the customer would be handed over. */
  reason?: HandoffReason;
  /** fallback, and a handoff after failures: what the bot failed at. */
  cause?: FailureCause;
  /** clarify only: the two intents the bot would ask about. */
  options?: [string, string];
}

/**
 * What the real engine would do with `text` as the first message of a conversation, decided exactly as a customer
 * turn is (status 'bot', no failures so far), so that a preview can never disagree with the live bot.
 */
export function previewDecision(
  config: BotConfig,
  text: string,
  classification: Classification | undefined,
  knowledge?: KnowledgeAnswer,
): PreviewDecision {
  const decision = decide({ config, status: 'bot', failureCount: 0, text, classification, knowledge });
  switch (decision.kind) {
    case 'answer':
    case 'smalltalk':
    case 'knowledge':
      return { decision: decision.kind, intent: decision.intent, reply: decision.reply };
    case 'clarify':
      return { decision: 'clarify', intent: null, reply: decision.reply, options: [...decision.options] };
    case 'fallback':
      return { decision: 'fallback', intent: null, reply: decision.reply, cause: decision.cause };
    case 'handoff':
      return {
        decision: 'handoff',
        intent: null,
        reply: decision.reply,
        reason: decision.reason,
        ...('cause' in decision ? { cause: decision.cause } : {}),
      };
    default:
      throw new Error(`a first message cannot be ${decision.kind}`);
  }
}

/** Whether the knowledge base's answer could change a first message's decision: the caller then asks it. */
export const previewMayUseKnowledge = (config: BotConfig, text: string, classification: Classification | undefined): boolean =>
  mayAnswerFromKnowledge(config, decide({ config, status: 'bot', failureCount: 0, text, classification }));
