import { z } from 'zod';
import type { ConversationStatus } from '@parley/protocol';
import type { BotMessagePayload } from '../conversation/stored-payloads.ts';
import type { Database, Queryable } from './database.ts';
import { UnknownConversationError } from './errors.ts';
import {
  CUSTOMER_VISIBLE_KINDS,
  MESSAGE_COLUMNS,
  messageKinds,
  messageSenders,
  toMessage,
  type Message,
  type MessageRow,
  type Json,
} from './message.ts';

export type { Message, MessageKind, MessageSender } from './message.ts';

export const MAX_MESSAGE_TEXT = 10_000;
export const MAX_MESSAGES_SINCE = 1_000;

const optionalText = (max: number) => z.string().max(max).nullish();

const appendMessageInput = z
  .object({
    conversationId: z.uuid(),
    kind: z.enum(messageKinds).default('message'),
    /** Chosen by the sending client; a retry with the same id is recognised rather than stored twice. */
    clientMessageId: z.string().min(1).max(128).nullish(),
    sender: z.enum(messageSenders),
    operatorId: z.uuid().nullish(),
    // Status changes and corrections carry their content in `payload`; their text may be empty.
    text: z.string().max(MAX_MESSAGE_TEXT),
    payload: z.json().nullish(),
    intent: optionalText(200),
    confidence: z.number().min(0).max(1).nullish(),
    sentiment: optionalText(200),
    sentimentScore: z.number().nullish(),
    modelVersion: optionalText(200),
    classifyMs: z.number().min(0).nullish(),
  })
  .refine((input) => !input.operatorId || input.sender === 'operator', {
    message: 'only an operator message has an operatorId',
    path: ['operatorId'],
  })
  .refine((input) => input.text.length > 0 || input.kind === 'status' || input.kind === 'correction', {
    message: 'a message or note needs text',
    path: ['text'],
  });

export type AppendMessageInput = z.input<typeof appendMessageInput>;

export interface AppendMessageResult {
  message: Message;
  /** True when a message with this clientMessageId was already stored: `message` is that original. */
  duplicate: boolean;
}

/** Thrown inside the append transaction to roll back the sequence number a duplicate took. */
class DuplicateClientMessage extends Error {}

/**
 * Stores a message under the next sequence number of its conversation, or, for a clientMessageId already stored
 * in that conversation, returns the original without taking a number. The conversation row's lock (taken by
 * the UPDATE) orders concurrent appends, so numbers are unique and gapless; an append that turns out to be a
 * duplicate rolls back, returning its number.
 */
export async function appendMessage(db: Database, input: AppendMessageInput): Promise<AppendMessageResult> {
  const message = appendMessageInput.parse(input);
  try {
    const stored = await db.transaction(async (tx) => {
      const row = await insertNext(tx, message);
      if (!row) throw new DuplicateClientMessage();
      return row;
    });
    return { message: stored, duplicate: false };
  } catch (error) {
    if (!(error instanceof DuplicateClientMessage)) throw error;
  }
  // The conflict means the original committed before our insert, so it is visible now.
  const original = await findByClientMessageId(db, message.conversationId, message.clientMessageId!);
  if (!original)
    throw new Error(`message ${message.clientMessageId} conflicted in conversation ${message.conversationId} but cannot be found`);
  return { message: original, duplicate: true };
}

export interface TurnEvent {
  kind: 'message' | 'status';
  /** 'customer' only for a status change the customer asked for (a handoff button). */
  sender: 'bot' | 'system' | 'customer';
  text: string;
  payload: Json | null;
}

export interface TurnState {
  /** The conversation's new status; undefined keeps it. */
  status?: ConversationStatus | undefined;
  failureCount: number;
  handoffReason?: string | null | undefined;
}

/**
 * Appends a customer message and the events that answer it, and writes the conversation's new state, in one
 * round trip (migrations/0003_append_turn.sql). Returns the stored rows in seq order, or undefined when the
 * client message id was already stored (nothing was written).
 */
export async function appendTurn(
  db: Queryable,
  message: AppendMessageInput,
  events: readonly TurnEvent[],
  state: TurnState,
): Promise<Message[] | undefined> {
  const m = appendMessageInput.parse(message);
  const row = {
    client_message_id: m.clientMessageId ?? null,
    sender: m.sender,
    text: m.text,
    payload: m.payload ?? null,
    intent: m.intent ?? null,
    confidence: m.confidence ?? null,
    sentiment: m.sentiment ?? null,
    sentiment_score: m.sentimentScore ?? null,
    model_version: m.modelVersion ?? null,
    classify_ms: m.classifyMs ?? null,
  };
  const rows = await callAppendTurn(db, m.conversationId, row, events, state);
  return rows.length === 0 ? undefined : rows;
}

/**
 * Appends the answer to a customer message stored earlier (its server stopped mid-turn) and writes the state,
 * in one round trip, exactly as appendTurn would have after the message.
 */
export async function appendAnswer(
  db: Queryable,
  conversationId: string,
  events: readonly TurnEvent[],
  state: TurnState,
): Promise<Message[]> {
  return callAppendTurn(db, z.uuid().parse(conversationId), null, events, state);
}

async function callAppendTurn(
  db: Queryable,
  conversationId: string,
  message: Record<string, unknown> | null,
  events: readonly TurnEvent[],
  state: TurnState,
): Promise<Message[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM parley_append_turn($1, $2::jsonb, $3::jsonb, $4, $5, $6) ORDER BY seq`,
    [
      conversationId,
      message && JSON.stringify(message),
      JSON.stringify(events),
      state.status ?? null,
      state.failureCount,
      state.handoffReason ?? null,
    ],
  );
  return rows.map(toMessage);
}

/**
 * Appends an event that has no client message id (a status change, the bot's reply) inside the caller's
 * transaction, so it commits or rolls back with the state change it records.
 */
export async function appendEvent(tx: Queryable, input: Omit<AppendMessageInput, 'clientMessageId'>): Promise<Message> {
  const message = appendMessageInput.parse(input);
  return (await insertNext(tx, message))!;
}

/** Takes the next seq and inserts; undefined when the client message id was already stored (seq then wasted). */
async function insertNext(tx: Queryable, message: z.output<typeof appendMessageInput>): Promise<Message | undefined> {
  const next = await tx.query<{ last_seq: number }>(
    'UPDATE conversations SET last_seq = last_seq + 1, updated_at = now() WHERE id = $1 RETURNING last_seq',
    [message.conversationId],
  );
  const seq = next.rows[0]?.last_seq;
  if (seq === undefined) throw new UnknownConversationError(message.conversationId);
  const inserted = await tx.query<MessageRow>(
    `INSERT INTO messages (conversation_id, seq, client_message_id, sender, operator_id, text, payload, intent, confidence,
       sentiment, sentiment_score, model_version, classify_ms, kind)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (conversation_id, client_message_id) DO NOTHING
     RETURNING ${MESSAGE_COLUMNS}`,
    [
      message.conversationId,
      seq,
      message.clientMessageId ?? null,
      message.sender,
      message.operatorId ?? null,
      message.text,
      message.payload == null ? null : JSON.stringify(message.payload),
      message.intent ?? null,
      message.confidence ?? null,
      message.sentiment ?? null,
      message.sentimentScore ?? null,
      message.modelVersion ?? null,
      message.classifyMs ?? null,
      message.kind,
    ],
  );
  return inserted.rows[0] && toMessage(inserted.rows[0]);
}

export async function findByClientMessageId(db: Queryable, conversationId: string, clientMessageId: string): Promise<Message | undefined> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND client_message_id = $2`,
    [conversationId, clientMessageId],
  );
  return rows[0] && toMessage(rows[0]);
}

const messagesSinceInput = z.object({
  conversationId: z.uuid(),
  afterSeq: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_MESSAGES_SINCE),
});

/**
 * The logged events of a conversation after `afterSeq`, in order: what a reconnecting client missed. With
 * `customerView`, only what customers may see (no notes or corrections).
 */
export async function messagesSince(
  db: Queryable,
  conversationId: string,
  afterSeq: number,
  limit = 500,
  options: { customerView?: boolean } = {},
): Promise<Message[]> {
  const args = messagesSinceInput.parse({ conversationId, afterSeq, limit });
  const visible = options.customerView ? `AND kind IN (${CUSTOMER_VISIBLE_KINDS.map((k) => `'${k}'`).join(', ')})` : '';
  const { rows } = await db.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2 ${visible} ORDER BY seq LIMIT $3`,
    [args.conversationId, args.afterSeq, args.limit],
  );
  // Only an empty answer can hide an unknown conversation; check then, not on every call.
  if (rows.length === 0) {
    const exists = await db.query('SELECT 1 FROM conversations WHERE id = $1', [args.conversationId]);
    if (exists.rowCount === 0) throw new UnknownConversationError(args.conversationId);
  }
  return rows.map(toMessage);
}

/** The latest bot message of the conversation that offered this quick-reply value, to credit the press to. */
export async function findMessageOfferingValue(db: Queryable, conversationId: string, value: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM messages WHERE conversation_id = $1 AND sender = 'bot' AND kind = 'message'
       AND payload -> 'quickReplies' @> jsonb_build_array(jsonb_build_object('value', $2::text))
     ORDER BY seq DESC LIMIT 1`,
    [conversationId, value],
  );
  return rows[0]?.id;
}

/** A bot message of the conversation, by an id as the client sent it (not necessarily a UUID): its payload. */
export async function findBotMessage(
  db: Queryable,
  conversationId: string,
  messageId: string,
): Promise<{ payload: BotMessagePayload | null } | undefined> {
  const { rows } = await db.query<{ payload: BotMessagePayload | null }>(
    `SELECT payload FROM messages WHERE conversation_id = $1 AND id::text = $2 AND sender = 'bot' AND kind = 'message'`,
    [conversationId, messageId],
  );
  return rows[0];
}

export interface CustomerMessageLabels {
  id: string;
  text: string;
  intent: string | null;
  sentiment: string | null;
}

/** A customer message of the conversation, by an id as the client sent it: its text and the labels it got. */
export async function findCustomerMessage(
  db: Queryable,
  conversationId: string,
  messageId: string,
): Promise<CustomerMessageLabels | undefined> {
  const { rows } = await db.query<CustomerMessageLabels>(
    `SELECT id, text, intent, sentiment FROM messages
     WHERE conversation_id = $1 AND id::text = $2 AND sender = 'customer' AND kind = 'message'`,
    [conversationId, messageId],
  );
  return rows[0];
}
