/**
 * One valid payload for every event, typed against the event maps: an event added to a map without an example
 * here fails to compile, so "every event has an example that parses" cannot silently lose coverage.
 */
import type {
  AckedClientEventName,
  ClassificationSnapshot,
  ClientEventAckResult,
  ClientEventName,
  ClientEventPayload,
  ConversationSummary,
  NamespaceName,
  OperatorRef,
  ServerEventName,
  ServerEventPayload,
} from '../../src/index.ts';

type ClientExamples = { [N in NamespaceName]: { [E in ClientEventName<N>]: ClientEventPayload<N, E> } };
type ServerExamples = { [N in NamespaceName]: { [E in ServerEventName<N>]: ServerEventPayload<N, E> } };
type AckExamples = { [N in NamespaceName]: { [E in AckedClientEventName<N>]: ClientEventAckResult<N, E> } };

const conversationId = 'c_01J9ZK3Q5V';
const clientMessageId = '3f1c9a52-7b7e-4d0e-9a55-2d1f0c3b8e11';
const sendText = { conversationId, clientMessageId, text: 'My card was declined twice today.' };

export const clientExamples = {
  '/customer': {
    'conversation:join': { conversationId, lastSeq: 12 },
    'message:send': sendText,
    'quick-reply:send': { conversationId, clientMessageId, messageId: 'm_40', value: 'card_declined' },
    'handoff:request': { conversationId },
    typing: { conversationId, isTyping: true },
    read: { conversationId, upToSeq: 14 },
  },
  '/operator': {
    'inbox:subscribe': { statuses: ['waiting', 'assigned'], mine: false },
    'conversation:watch': { conversationId, lastSeq: 0 },
    'conversation:unwatch': { conversationId },
    'conversation:take-over': { conversationId },
    'conversation:hand-back': { conversationId },
    'conversation:close': { conversationId },
    'conversation:assign': { conversationId, operatorId: 'op_7' },
    'message:send': { ...sendText, text: 'Hi, I am Anna. Let me look at your card.' },
    'note:add': { ...sendText, text: 'Second decline this week; check the fraud flag.' },
    'message:correct': { conversationId, messageId: 'm_41', kind: 'new_intent', label: 'card_declined_abroad' },
    typing: { conversationId, isTyping: false },
    read: { conversationId, upToSeq: 15 },
  },
} satisfies ClientExamples;

const anna: OperatorRef = { id: 'op_7', name: 'Anna' };
const classification: ClassificationSnapshot = {
  intent: {
    label: 'card_declined',
    confidence: 0.91,
    outOfScope: false,
    top: [
      { label: 'card_declined', confidence: 0.91 },
      { label: 'card_not_working', confidence: 0.05 },
    ],
  },
  sentiment: { label: 'negative', score: 0.82 },
  modelVersion: 'use-lite@9c1e/heads-2024-06-01',
  latencyMs: 7.4,
};
const summary: ConversationSummary = {
  conversationId,
  status: 'waiting',
  assignee: null,
  latestSeq: 16,
  startedAt: 1_717_200_000_000,
  updatedAt: 1_717_200_090_000,
  preview: 'My card was declined twice today.',
  intent: classification.intent,
  sentiment: classification.sentiment,
  unread: 2,
  botId: 'b_7',
};
const at = 1_717_200_060_000;

export const serverExamples = {
  '/customer': {
    session: { visitorToken: 'vt_2x9Qe4LrT0aBcD-eFgH_iJkL' },
    'conversation:event': {
      conversationId,
      seq: 13,
      at,
      type: 'message',
      message: {
        id: 'm_40',
        author: 'bot',
        text: 'Sorry to hear that. Which card?',
        quickReplies: [
          { label: 'Debit card', value: 'debit' },
          { label: 'Credit card', value: 'credit' },
        ],
      },
    },
    typing: { conversationId, author: 'operator', operatorName: 'Anna', isTyping: true },
    'answer:draft': { conversationId, draftId: 'd_9', delta: 'Returns are free within 30 days' },
    read: { conversationId, upToSeq: 14 },
    error: { code: 'rate_limited', message: 'too many messages', retryAfterMs: 2_000, event: 'message:send' },
  },
  '/operator': {
    'conversation:event': {
      conversationId,
      seq: 14,
      at,
      type: 'message',
      message: {
        id: 'm_41',
        clientMessageId,
        author: 'customer',
        text: 'Debit card',
        quickReply: { messageId: 'm_40', value: 'debit' },
        classification,
      },
    },
    'inbox:update': { conversation: summary },
    'inbox:remove': { conversationId },
    'handoff:requested': { conversation: summary, reason: 'negative_sentiment' },
    typing: { conversationId, operator: null, isTyping: true },
    'answer:draft': { conversationId, draftId: 'd_9', delta: ' [1].' },
    read: { conversationId, upToSeq: 15 },
    'training:progress': { jobId: 'j_3', botId: 'b_7', status: 'running', stage: 'train', fraction: 0.4, message: 'en head' },
    'model:changed': { botId: 'b_7', version: '20261129T120000Z-1a2b3c4d', previousVersion: null, action: 'promote', by: anna },
    error: { code: 'conflict', message: 'conversation is assigned to Ben', event: 'conversation:take-over' },
  },
} satisfies ServerExamples;

const sent = { ok: true, id: 'm_42', seq: 17, duplicate: false } as const;
const now = { ok: true, conversation: { ...summary, status: 'assigned', assignee: anna } } as const;

export const ackExamples = {
  '/customer': {
    'conversation:join': {
      ok: true,
      conversationId,
      status: 'bot',
      events: [serverExamples['/customer']['conversation:event'], { conversationId, seq: 16, at, type: 'status', status: 'waiting' }],
      hasMore: false,
      readUpToSeq: 12,
    },
    'message:send': sent,
    'quick-reply:send': { ...sent, duplicate: true },
    'handoff:request': { ok: false, error: { code: 'not_found', message: 'no such conversation' } },
  },
  '/operator': {
    'inbox:subscribe': { ok: true, conversations: [summary], hasMore: false },
    'conversation:watch': {
      ok: true,
      conversation: summary,
      events: [
        serverExamples['/operator']['conversation:event'],
        { conversationId, seq: 16, at, type: 'status', status: 'waiting', assignee: null, by: null, reason: 'negative_sentiment' },
        { conversationId, seq: 17, at, type: 'note', note: { id: 'n_1', clientMessageId, author: anna, text: 'Check the fraud flag.' } },
        { conversationId, seq: 18, at, type: 'correction', messageId: 'm_41', kind: 'sentiment', label: 'neutral', by: anna },
      ],
      hasMore: true,
      readUpToSeq: 14,
    },
    'conversation:take-over': now,
    'conversation:hand-back': { ...now, conversation: { ...summary, status: 'bot' } },
    'conversation:close': { ...now, conversation: { ...summary, status: 'closed' } },
    'conversation:assign': now,
    'message:send': sent,
    'note:add': sent,
    'message:correct': { ok: true, seq: 18 },
  },
} satisfies AckExamples;
