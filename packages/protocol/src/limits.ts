/**
 * Upper bounds on everything that crosses the wire. Client→server payloads are untrusted, so every string and
 * array in them is bounded; server→client payloads use the same bounds so a client can trust what it renders.
 * Lengths are JavaScript string lengths (UTF-16 code units), which is what zod and the browser count.
 */
export const LIMITS = {
  /** A chat message or internal note. */
  text: 4_000,
  /** Any id: conversation, message, client message, operator. */
  id: 100,
  /** Intent and sentiment labels, model versions, display names. */
  label: 100,
  quickReplyLabel: 80,
  quickReplyValue: 200,
  quickRepliesPerMessage: 10,
  /** The model reports at most five candidate intents. */
  topIntents: 5,
  /** Last-message preview in an inbox row. */
  preview: 200,
  /** Logged events returned by one resume / watch; the client asks again from the last seq when `hasMore`. */
  replayPage: 500,
  /** Conversations returned by one inbox subscription. */
  inboxPage: 200,
  errorMessage: 300,
  /** Bot public keys, visitor and session tokens. */
  credential: 200,
} as const;
