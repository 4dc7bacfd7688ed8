import * as z from 'zod';
import { errorPayloadSchema, type ErrorPayload } from './errors.ts';

/** What an event's ack callback receives: the result, or why there is none. Branch on `ok`. */
export type AckResult<Result extends object> = ({ ok: true } & Result) | { ok: false; error: ErrorPayload };

/** The final argument of a client→server event that expects an answer. */
export type Ack<Result extends object> = (result: AckResult<Result>) => void;

/** The schema of an ack result, for clients and tests that check what the server answered. */
export function ackResultSchema<Shape extends z.ZodRawShape>(result: z.ZodObject<Shape>) {
  return z.discriminatedUnion('ok', [result.extend({ ok: z.literal(true) }), ackFailureSchema]);
}

const ackFailureSchema = z.object({ ok: z.literal(false), error: errorPayloadSchema });
