import type { z } from 'zod';

export const messageSenders = ['customer', 'bot', 'operator', 'system'] as const;
export type MessageSender = (typeof messageSenders)[number];

/** What a logged event is; customers see only 'message' and 'status' (migrations/0002_conversation_log.sql). */
export const messageKinds = ['message', 'status', 'note', 'correction'] as const;
export type MessageKind = (typeof messageKinds)[number];
export const CUSTOMER_VISIBLE_KINDS: readonly MessageKind[] = ['message', 'status'];

/** Any JSON value, as z.json() accepts it. */
export type Json = z.core.util.JSONType;

export interface Message {
  id: string;
  conversationId: string;
  /** 1, 2, 3… per conversation, without gaps: a client that has seen N asks for what follows N. */
  seq: number;
  kind: MessageKind;
  clientMessageId: string | null;
  sender: MessageSender;
  operatorId: string | null;
  text: string;
  /** Quick replies, a status change's details, a correction: structured content by kind. */
  payload: Json | null;
  intent: string | null;
  confidence: number | null;
  sentiment: string | null;
  sentimentScore: number | null;
  modelVersion: string | null;
  classifyMs: number | null;
  createdAt: Date;
}

/** The columns of a message row, in the order every query that returns messages selects them. */
export const MESSAGE_COLUMNS = `id, conversation_id, seq, kind, client_message_id, sender, operator_id, text, payload, intent, confidence,
  sentiment, sentiment_score, model_version, classify_ms, created_at`;

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  kind: MessageKind;
  client_message_id: string | null;
  sender: MessageSender;
  operator_id: string | null;
  text: string;
  payload: Json | null;
  intent: string | null;
  confidence: number | null;
  sentiment: string | null;
  sentiment_score: number | null;
  model_version: string | null;
  classify_ms: number | null;
  created_at: Date;
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    kind: row.kind,
    clientMessageId: row.client_message_id,
    sender: row.sender,
    operatorId: row.operator_id,
    text: row.text,
    payload: row.payload,
    intent: row.intent,
    confidence: row.confidence,
    sentiment: row.sentiment,
    sentimentScore: row.sentiment_score,
    modelVersion: row.model_version,
    classifyMs: row.classify_ms,
    createdAt: row.created_at,
  };
}
