/**
 * The contract every messaging channel implements, and the one message type they all normalise to. The bot server
 * only ever sees these types: it stores inbound events, runs them through the conversation engine, and hands the
 * replies back to the same adapter.
 */

export type ChannelKind = 'telegram' | 'slack' | 'whatsapp' | 'webhook';

/** One message from a customer on an external channel, whatever the provider. */
export interface InboundMessage {
  kind: ChannelKind;
  /**
   * The provider's id for this event, unique per channel: what makes a redelivered or replayed event recognisable
   * (Telegram update_id, Slack event_id or action id, WhatsApp message id, the webhook caller's eventId).
   */
  eventId: string;
  /** Who the customer is on the channel (Telegram chat id, Slack user, WhatsApp wa_id, the caller's user id). */
  userId: string;
  /** Where replies go (Telegram chat id, Slack channel id, WhatsApp phone number, the caller's user id). */
  address: string;
  /** What the customer wrote; for a quick-reply press, the button's label. */
  text: string;
  /** Set when the customer pressed one of our quick-reply buttons: the value we sent with it. */
  quickReplyValue?: string;
  /** The customer's name on the channel, when the provider tells. */
  displayName?: string;
  /** When the provider says the customer sent it. */
  sentAt?: Date;
  /**
   * Provider-specific follow-up the adapter needs after the message was handled (Telegram's callback query id, to
   * stop the button's spinner). Opaque to the bot; passed back to `confirm`.
   */
  confirmation?: string;
}

/** An inbound HTTP request as the adapter needs it: the raw body, because signatures cover the exact bytes. */
export interface InboundRequest {
  method: string;
  /** Header names lower-cased, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** What to answer the provider, and what the request carried. */
export type InboundResult =
  /** A handshake the provider expects an exact answer to (Slack url_verification, WhatsApp's GET verify). */
  | { type: 'challenge'; status: number; contentType: string; body: string }
  /** Verified; zero or more customer messages (status callbacks and the bot's own echoes give none). */
  | { type: 'messages'; messages: InboundMessage[] };

/** One reply to deliver. */
export interface OutboundMessage {
  /**
   * Parley's id for this message: the idempotency key. Sent where the provider accepts one (the webhook's
   * Idempotency-Key header) and used by the bot to deliver each message once.
   */
  id: string;
  address: string;
  text: string;
  quickReplies?: { label: string; value: string }[];
}

export interface SendReceipt {
  /** The provider's id of the sent message, when it returns one. */
  providerMessageId?: string;
  /** Attempts it took, 1 when the first succeeded. */
  attempts: number;
}

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /**
   * Verifies the request came from the provider (signature, secret token, timestamp tolerance) and parses it.
   * Throws ChannelRequestError for anything forged, expired or malformed; never returns unverified content.
   */
  receive(request: InboundRequest, now?: Date): InboundResult;
  /**
   * Delivers one reply, retrying what the provider says is transient (network errors, 5xx, 429 with its
   * retry-after) with exponential backoff; throws ChannelSendError when it gives up or the failure is permanent.
   */
  send(message: OutboundMessage, signal?: AbortSignal): Promise<SendReceipt>;
  /** Provider follow-up once an inbound message was handled; a no-op for most channels. */
  confirm?(message: InboundMessage, signal?: AbortSignal): Promise<void>;
  /**
   * Tells the provider where to deliver events, for providers that take it through their API (Telegram's
   * setWebhook, with the secret token it must echo); absent where the URL is set in the provider's dashboard.
   */
  registerWebhook?(url: string, signal?: AbortSignal): Promise<void>;
}

/** An inbound request that must be refused; `status` is what to answer (401 forged, 400 malformed). */
export class ChannelRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly code: 'bad_signature' | 'expired' | 'malformed' | 'bad_verify_token',
    message: string,
  ) {
    super(message);
    this.name = 'ChannelRequestError';
  }
}

/** Delivery failed for good: `permanent` when retrying cannot help (bad token, unknown chat), else retries ran out. */
export class ChannelSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
    readonly attempts = 1,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}
