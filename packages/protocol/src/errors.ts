import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { serverPayload } from './primitives.ts';

/**
 * invalid_payload: failed its schema · unknown_event: no such event on this namespace · unauthorized: the
 * sender may not do this · not_found: no such conversation/message/operator visible to the sender · conflict:
 * the conversation's state forbids it (taking over an assigned one, replying to a closed one) · rate_limited:
 * try again after `retryAfterMs` · internal: the server failed; safe to retry with the same client message id.
 */
export const errorCodeSchema = z.enum([
  'invalid_payload',
  'unknown_event',
  'unauthorized',
  'not_found',
  'conflict',
  'rate_limited',
  'internal',
]);

export const errorPayloadSchema = serverPayload({
  code: errorCodeSchema,
  /** For people (logs, a toast); clients branch on `code` only. */
  message: z.string().max(LIMITS.errorMessage),
  retryAfterMs: z.int().min(0).optional(),
});

/**
 * The `error` event: how the server reports a failed event that came without an ack callback (typing, read
 * receipts), or a packet it could not route at all.
 */
export const errorEventSchema = errorPayloadSchema.extend({
  /** The client event that failed, cut to a safe length. */
  event: z.string().max(LIMITS.id).optional(),
});

export type ErrorCode = z.infer<typeof errorCodeSchema>;
export type ErrorPayload = z.infer<typeof errorPayloadSchema>;
export type ServerErrorEvent = z.infer<typeof errorEventSchema>;

/** Cuts `text` to `max` characters, marking the cut, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = Array.from(text.slice(0, max)).slice(0, -1).join('');
  return `${cut}…`;
}

/** An error payload whose message fits the schema whatever text it was built from. */
export function protocolError<Code extends ErrorCode>(code: Code, message: string): { code: Code; message: string } {
  return { code, message: truncate(message, LIMITS.errorMessage) };
}
