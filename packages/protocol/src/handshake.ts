import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { serverPayload } from './primitives.ts';

// Secrets and keys: URL-safe, bounded so junk cannot cost the server a hash of megabytes.
const credentialSchema = z
  .string()
  .min(1)
  .max(LIMITS.credential)
  .regex(/^[\w.~-]+$/, 'Invalid credential');

/**
 * `io(url + '/customer', { auth })`: the bot's public key (from the widget's script tag), and the visitor token
 * the server gave this browser before, if any. Without a valid token the server makes a new visitor and sends
 * its token in a `session` event; the client keeps it (localStorage) and sends it on every later connection.
 */
export const customerHandshakeSchema = z.object({
  botKey: credentialSchema,
  visitorToken: credentialSchema.optional(),
});

/** `io(url + '/operator', { auth: { token } })`: the session token from `POST /api/v1/auth/login`. A session cookie also works. */
export const operatorHandshakeSchema = z.object({ token: credentialSchema.optional() });

/** Sent once after connecting when the server made a new visitor: keep `visitorToken` for later connections. */
export const customerSessionEventSchema = serverPayload({ visitorToken: credentialSchema });

export type CustomerHandshake = z.infer<typeof customerHandshakeSchema>;
export type OperatorHandshake = z.infer<typeof operatorHandshakeSchema>;
export type CustomerSessionEvent = z.infer<typeof customerSessionEventSchema>;
