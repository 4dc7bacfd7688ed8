import { ChannelRequestError } from './channel.ts';
import { assertFresh, hmacSha256Hex, parseUnixSeconds, safeEqual } from './signature.ts';

/** The generic webhook's signature header, the same both directions. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-parley-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "{t}.{rawBody}")>`. */
export function formatWebhookSignature(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacSha256Hex(secret, `${timestampSeconds}.`, rawBody)}`;
}

/**
 * Checks a signature header against the raw body: fresh within five minutes, and one of its v1 values (a sender may
 * send several while rotating secrets) is ours. Throws ChannelRequestError 401 otherwise.
 */
export function verifyWebhookSignature(header: string | undefined, secret: string, rawBody: string | Buffer, now: Date): void {
  const pairs = (header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const timestamp = parseUnixSeconds(pairs.find(([key]) => key === 't')?.[1]);
  assertFresh(timestamp, now);
  const expected = hmacSha256Hex(secret, `${timestamp}.`, rawBody);
  const candidates = pairs.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!candidates.some((candidate) => safeEqual(candidate, expected))) {
    throw new ChannelRequestError(401, 'bad_signature', `${WEBHOOK_SIGNATURE_HEADER} does not match`);
  }
}
