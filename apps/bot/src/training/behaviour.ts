import { OUT_OF_SCOPE_LABEL, type Classification, type Example, type Model } from '@parley/model';
import type { BotConfig } from '../engine/bot-config.ts';
import { decide, mayAnswerFromKnowledge, type KnowledgeAnswer } from '../engine/decide.ts';
import { previewDecision, type PreviewDecision } from '../engine/preview.ts';

/**
 * What the bot did with a message, judged against what it should have done:
 * - correct: answered (or small-talked) with the expected intent, or handed over a customer who asked for a person;
 * - wrong: answered with another intent's answer (for an out-of-scope message, any answer);
 * - smalltalk: a small-talk reply to a message that was not small talk;
 * - clarify, fallback, handoff: asked which of two, said it did not understand, passed to a person.
 */
export type Outcome = 'correct' | 'wrong' | 'smalltalk' | 'clarify' | 'fallback' | 'handoff';

export interface BehaviourRow {
  text: string;
  expected: string;
  outcome: Outcome;
  decision: PreviewDecision;
  classification: Classification;
  /**
   * Set when the knowledge base answered the message instead (only with a knowledge hook). `decision` and
   * `outcome` stay what the engine decided without it, so the same rows tell what the knowledge answer replaced.
   */
  knowledge?: KnowledgeOutcome;
}

export interface KnowledgeOutcome {
  /** The document the answer cites first; null if it cites none. */
  documentId: string | null;
  /** The model's intent the decision kept (see decide's `knowledge` decision); null when it had none. */
  intent: string | null;
  text: string;
}

export interface BehaviourOptions {
  /**
   * The knowledge base's answer to a message (undefined: it has none), asked only for decisions it could change
   * (mayAnswerFromKnowledge), as a customer turn asks it.
   */
  knowledge?: (text: string) => Promise<KnowledgeAnswer | undefined>;
}

const CHUNK = 256;

/**
 * Runs messages through the real engine as first messages of a conversation (the model classifies, decide()
 * decides, through previewDecision as POST /preview does) and judges each outcome. Nothing is stored.
 * Expected labels are intents, small-talk intents or the out-of-scope label. With a knowledge hook, a decision
 * the knowledge base could change is decided again with its answer, as a customer turn does (see `knowledge`).
 */
export async function runBehaviour(
  model: Model,
  config: BotConfig,
  messages: readonly Example[],
  options: BehaviourOptions = {},
): Promise<BehaviourRow[]> {
  const rows: BehaviourRow[] = [];
  for (let start = 0; start < messages.length; start += CHUNK) {
    const part = messages.slice(start, start + CHUNK);
    const classified = await model.classify(part.map((m) => m.text));
    for (const [i, { text, label }] of part.entries()) {
      const classification = classified[i]!;
      const decision = previewDecision(config, text, classification);
      const row: BehaviourRow = { text, expected: label, outcome: judge(config, label, decision), decision, classification };
      const knowledge = options.knowledge && (await knowledgeOutcome(config, text, classification, options.knowledge));
      rows.push(knowledge ? { ...row, knowledge } : row);
    }
  }
  return rows;
}

/** What the knowledge base changed in a first message's decision: undefined when it was not asked or had no answer. */
async function knowledgeOutcome(
  config: BotConfig,
  text: string,
  classification: Classification,
  ask: NonNullable<BehaviourOptions['knowledge']>,
): Promise<KnowledgeOutcome | undefined> {
  const input = { config, status: 'bot' as const, failureCount: 0, text, classification };
  if (!mayAnswerFromKnowledge(config, decide(input))) return undefined;
  const answer = await ask(text);
  if (!answer) return undefined;
  const decision = decide({ ...input, knowledge: answer });
  if (decision.kind !== 'knowledge') return undefined;
  return { documentId: answer.citations[0]?.documentId ?? null, intent: decision.intent, text: decision.reply.text };
}

function judge(config: BotConfig, expected: string, preview: PreviewDecision): Outcome {
  switch (preview.decision) {
    case 'answer':
      return preview.intent === expected ? 'correct' : 'wrong';
    case 'smalltalk':
      return preview.intent === expected ? 'correct' : 'smalltalk';
    case 'handoff':
      return preview.reason === 'customer_request' && config.handoffIntents.includes(expected) ? 'correct' : 'handoff';
    case 'clarify':
    case 'fallback':
      return preview.decision;
    case 'knowledge':
      // Previews here are decided without the knowledge base; its answers are judged apart (KnowledgeOutcome).
      throw new Error('a behaviour preview cannot be a knowledge answer');
  }
}

export interface BehaviourSummary {
  /** In-scope (domain or small-talk) messages, and the shares of them per outcome (0–1). */
  inScope: { count: number } & Record<Outcome, number>;
  /** Out-of-scope messages, and the share of them answered with a domain answer (false accepts). */
  outOfScope: { count: number; answered: number };
}

/** Shares of outcomes over rows, split by whether the expected label is out of scope. */
export function summarizeBehaviour(rows: readonly BehaviourRow[]): BehaviourSummary {
  const inScope = rows.filter((r) => r.expected !== OUT_OF_SCOPE_LABEL);
  const outOfScope = rows.filter((r) => r.expected === OUT_OF_SCOPE_LABEL);
  const share = (of: readonly BehaviourRow[], test: (r: BehaviourRow) => boolean) =>
    of.length === 0 ? 0 : of.filter(test).length / of.length;
  const outcomes: Outcome[] = ['correct', 'wrong', 'smalltalk', 'clarify', 'fallback', 'handoff'];
  return {
    inScope: {
      count: inScope.length,
      ...(Object.fromEntries(outcomes.map((o) => [o, share(inScope, (r) => r.outcome === o)])) as Record<Outcome, number>),
    },
    outOfScope: { count: outOfScope.length, answered: share(outOfScope, (r) => r.outcome === 'wrong') },
  };
}
