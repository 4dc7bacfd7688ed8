import * as z from 'zod';
import { LIMITS } from './limits.ts';

/**
 * Client→server payloads are strict: an unknown key is rejected with `invalid_payload`, not silently dropped.
 * All three clients live in this monorepo and are typed against these schemas, so an unknown key is a bug (a
 * misspelt optional field would otherwise vanish without a trace), and loud failures surface it in the first
 * test run. The price is version skew: a newer client sending a new field to an older server is rejected, so a
 * new client field ships in the server first.
 */
export const clientPayload = <Shape extends z.ZodRawShape>(shape: Shape) => z.strictObject(shape);

/**
 * Server→client payloads strip unknown keys instead: a widget cached on a customer's page may be older than the
 * server it talks to, and it must keep working when the server adds a field.
 */
export const serverPayload = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape);

/** Trimmed, non-empty text of at most `max` characters. */
export const boundedText = (max: number) => z.string().trim().min(1).max(max);

// Ids end up in logs, room names and database keys, so the charset keeps out whitespace, control characters and
// path separators; UUIDs, ULIDs and nanoids all fit.
export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[\w.:-]+$/, 'Invalid id: use letters, digits, "_", "-", "." or ":"');

/**
 * A logged conversation event's position. One counter per conversation, starting at 1, shared by everything
 * logged in it; an audience never sees some events (customers do not see internal notes), so a client must
 * not read a jump in `seq` as a lost event.
 */
export const seqSchema = z.int().min(1);

/** The last `seq` a client has seen; 0 when it has seen nothing. */
export const cursorSchema = z.int().min(0);

/** Milliseconds since the Unix epoch, as the server's clock saw it. */
export const timestampSchema = z.int().min(0);

export const textSchema = boundedText(LIMITS.text);
export const labelSchema = boundedText(LIMITS.label);
export const displayNameSchema = boundedText(LIMITS.label);
export const probabilitySchema = z.number().min(0).max(1);

export type Id = z.infer<typeof idSchema>;
export type Seq = z.infer<typeof seqSchema>;
export type Cursor = z.infer<typeof cursorSchema>;
export type Timestamp = z.infer<typeof timestampSchema>;
