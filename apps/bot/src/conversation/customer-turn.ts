import { randomUUID } from 'node:crypto';
import { detectLanguage } from '@parley/model';
import type { ClassificationSnapshot, ConversationStatus, HandoffReason, QuickReply, QuickReplyAnswer, SendResult } from '@parley/protocol';
import type { AppContext } from '../app/context.ts';
import { findConversationRecord, type ConversationRecord } from '../db/conversation-record-store.ts';
import { appendAnswer, appendTurn, findBotMessage, findByClientMessageId, type TurnEvent, type TurnState } from '../db/message-store.ts';
import type { Message } from '../db/message.ts';
import { decide, mayAnswerFromKnowledge, type BotReply, type Decision, type KnowledgeAnswer } from '../engine/decide.ts';
import type { ClassifyOutcome } from '../models/model-registry.ts';
import { ActionError, notFound } from './action-error.ts';
import { answerFromKnowledge } from './knowledge-answer.ts';
import type { BotMessagePayload, CustomerMessagePayload, StatusPayload } from './stored-payloads.ts';

export interface CustomerIdentity {
  botId: string;
  visitorId: string;
  /** A visitor not stored yet (minted by its socket's handshake): its token's hash, stored with its first conversation. */
  unsavedTokenHash?: string;
}

export interface CustomerPost {
  conversationId: string;
  clientMessageId: string;
  text: string;
  /** A quick-reply press: the bot message that offered it and the value; `text` is then ignored. */
  quickReply?: QuickReplyAnswer;
}

/** A conversation of this visitor; someone else's is reported exactly like a missing one. */
export async function visitorConversation(ctx: AppContext, who: CustomerIdentity, conversationId: string): Promise<ConversationRecord> {
  const record = await findConversationRecord(ctx.db, conversationId);
  if (!record || record.visitorId !== who.visitorId || record.botId !== who.botId) throw notFound('conversation');
  return record;
}

/**
 * One customer message: classified, decided, then stored with its classification together with everything the
 * decision writes (the bot's reply, a status change, the failure count) in one transaction, all in the
 * conversation's serial lane so turns never interleave. One transaction means a turn is never half-done: the
 * message is either stored and answered, or not stored and safe to retry. A retry (same client message id)
 * gets the original ack; if that original was stored by an older server that stopped before answering (the
 * message is still the conversation's latest event), it is answered now.
 */
export function customerTurn(ctx: AppContext, who: CustomerIdentity, post: CustomerPost): Promise<SendResult> {
  const arrived = performance.now();
  return ctx.serial.run(post.conversationId, async () => {
    // A typed message is classified while its conversation is looked up (the record is the visitor's only if its
    // bot is the socket's, so who.botId is the bot that classifies); a quick reply's text needs the record first.
    const [record, early] = await Promise.all([
      visitorConversation(ctx, who, post.conversationId),
      post.quickReply ? undefined : ctx.models.classify(who.botId, post.text),
    ]);
    const loaded = await ctx.bots.get(record.botId);
    if (!loaded) throw notFound('bot');
    const pressed = post.quickReply ? await offeredQuickReply(ctx, record, post.quickReply) : undefined;
    const text = pressed?.label ?? post.text;
    const outcome = post.quickReply ? await ctx.models.classify(record.botId, text) : early;
    if (outcome) ctx.metrics.classifySeconds.observe(outcome.latencyMs / 1000);
    const decideFor = async (classified: ClassifyOutcome | undefined): Promise<Decision> => {
      const input = {
        config: loaded.config,
        status: record.status,
        failureCount: record.failureCount,
        text,
        classification: classified?.classification,
        quickReplyValue: post.quickReply?.value,
      };
      const decision = decide(input);
      if (!mayAnswerFromKnowledge(loaded.config, decision)) return decision;
      const knowledge = await knowledgeFor(ctx, record, text);
      return knowledge ? decide({ ...input, knowledge }) : decision;
    };

    let decision = await decideFor(outcome);
    let events: Message[];
    let ack: SendResult;
    const written = await appendTurn(
      ctx.db,
      {
        conversationId: record.id,
        clientMessageId: post.clientMessageId,
        sender: 'customer',
        text,
        payload: customerPayload(post.quickReply, outcome) as never,
        intent: outcome?.classification.intent?.label,
        confidence: outcome?.classification.intent?.confidence,
        sentiment: outcome?.classification.sentiment?.label,
        sentimentScore: outcome?.classification.sentiment?.score,
        modelVersion: outcome?.version,
        classifyMs: outcome?.latencyMs,
      },
      ...decisionWrites(record, decision),
    );
    if (written) {
      events = written;
      ack = { id: written[0]!.id, seq: written[0]!.seq, duplicate: false };
      ctx.metrics.messages.inc({ sender: 'customer' });
    } else {
      const original = (await findByClientMessageId(ctx.db, record.id, post.clientMessageId))!;
      ack = { id: original.id, seq: original.seq, duplicate: true };
      if (original.seq !== record.lastSeq) return ack;
      decision = await decideFor(storedOutcome(original));
      events = await appendAnswer(ctx.db, record.id, ...decisionWrites(record, decision));
    }
    ctx.metrics.decisions.inc({ kind: decision.kind });
    if (decision.kind !== 'muted') ctx.metrics.messages.inc({ sender: 'bot' });
    await ctx.publisher.publish(record, events);
    if (decision.kind === 'handoff') await ctx.publisher.handoffRequested(record, decision.reason);
    ctx.metrics.turnSeconds.observe((performance.now() - arrived) / 1000);
    return ack;
  });
}

/**
 * The knowledge base's answer to a customer's message, its LLM text streamed to the conversation as it is
 * written; undefined when it has none. A failing knowledge base costs the turn its answer, never the turn: the
 * bot then falls back or hands off as it would without one.
 */
async function knowledgeFor(ctx: AppContext, record: ConversationRecord, text: string): Promise<KnowledgeAnswer | undefined> {
  const draftId = randomUUID();
  try {
    const found = await answerFromKnowledge(ctx, {
      botId: record.botId,
      question: text,
      apiKeyId: null,
      useLlm: true,
      draft: { id: draftId, onDelta: (delta) => ctx.publisher.answerDraft(record, { conversationId: record.id, draftId, delta }) },
    });
    ctx.metrics.knowledgeSeconds.observe(found.latencyMs / 1000);
    return found.answer ?? undefined;
  } catch (error) {
    ctx.logger.error({ err: error, botId: record.botId, conversationId: record.id }, 'knowledge answer failed; answering without it');
    return undefined;
  }
}

/**
 * What a decision appends after the customer's message, in log order, and the state it leaves: a handoff
 * announces itself before the status change, a reopening speaks after it.
 */
function decisionWrites(record: ConversationRecord, decision: Decision): [TurnEvent[], TurnState] {
  if (decision.kind === 'muted') return [[], { failureCount: decision.failureCount }];
  const reason: HandoffReason | undefined = decision.kind === 'handoff' ? decision.reason : undefined;
  const changes = decision.nextStatus !== record.status;
  const reply = replyEvent(decision.reply);
  const status = statusEvent(decision.nextStatus, reason, 'system');
  const events = !changes ? [reply] : decision.nextStatus === 'waiting' ? [reply, status] : [status, reply];
  return [
    events,
    { ...(changes ? { status: decision.nextStatus, handoffReason: reason ?? null } : {}), failureCount: decision.failureCount },
  ];
}

/** The bot saying `reply`, as a logged event. */
export function replyEvent(reply: BotReply): TurnEvent {
  const payload: BotMessagePayload = {
    ...(reply.quickReplies?.length ? { quickReplies: reply.quickReplies } : {}),
    ...(reply.citations?.length ? { citations: reply.citations } : {}),
    ...(reply.draftId ? { draftId: reply.draftId } : {}),
  };
  return { kind: 'message', sender: 'bot', text: reply.text, payload: payload as never };
}

/** A status change by the customer or the server (no assignee: only operators assign). */
export function statusEvent(status: ConversationStatus, reason: HandoffReason | undefined, sender: TurnEvent['sender']): TurnEvent {
  const payload: StatusPayload = { status, assigneeId: null, ...(reason ? { reason } : {}) };
  return { kind: 'status', sender, text: '', payload: payload as never };
}

/** The quick reply the customer pressed, if the bot message really offered it. */
async function offeredQuickReply(ctx: AppContext, record: ConversationRecord, answer: QuickReplyAnswer): Promise<QuickReply> {
  const message = await findBotMessage(ctx.db, record.id, answer.messageId);
  if (!message) throw notFound('message');
  const offered = message.payload?.quickReplies?.find((reply) => reply.value === answer.value);
  if (!offered) throw new ActionError('invalid_payload', 'that message did not offer this quick reply');
  return offered;
}

function snapshot(outcome: ClassifyOutcome): ClassificationSnapshot {
  const { intent, sentiment } = outcome.classification;
  return {
    intent: intent
      ? { label: intent.label, confidence: intent.confidence, outOfScope: intent.outOfScope, top: intent.top.slice(0, 5) }
      : null,
    sentiment: sentiment ? { label: sentiment.label, score: sentiment.score } : null,
    modelVersion: outcome.version,
    latencyMs: outcome.latencyMs,
  };
}

function customerPayload(quickReply: QuickReplyAnswer | undefined, outcome: ClassifyOutcome | undefined): CustomerMessagePayload {
  return { ...(quickReply ? { quickReply } : {}), ...(outcome ? { classification: snapshot(outcome) } : {}) };
}

/** Rebuilds what decide() needs from a stored message's snapshot (for answering a retried, unanswered message). */
function storedOutcome(message: Message): ClassifyOutcome | undefined {
  const saved = (message.payload as CustomerMessagePayload | null)?.classification;
  if (!saved) return undefined;
  return {
    version: saved.modelVersion,
    latencyMs: saved.latencyMs,
    classification: {
      // The snapshot keeps no language; it is the text's, as the classifier found it.
      language: detectLanguage(message.text),
      ...(saved.intent ? { intent: { ...saved.intent } } : {}),
      ...(saved.sentiment ? { sentiment: { ...saved.sentiment, probabilities: { [saved.sentiment.label]: saved.sentiment.score } } } : {}),
    },
  };
}
