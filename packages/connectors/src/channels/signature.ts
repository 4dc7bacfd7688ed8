import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelRequestError } from './channel.ts';

/** Hex HMAC-SHA256 of the parts concatenated, so a signed prefix and the raw body need not be copied together. */
export function hmacSha256Hex(secret: string, ...parts: (string | Buffer)[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/** Constant-time string equality; the length check first because timingSafeEqual throws on unequal lengths. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Five minutes either way, the replay window Slack documents and the webhook channel adopts. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Refuses a signed timestamp (unix seconds) too far from `now`: a replayed or badly delayed request. */
export function assertFresh(timestampSeconds: number, now: Date, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): void {
  if (Math.abs(now.getTime() / 1000 - timestampSeconds) > toleranceSeconds) {
    throw new ChannelRequestError(401, 'expired', 'request timestamp is outside the allowed window');
  }
}

/** Reads a unix-seconds header value; anything else means the request cannot be verified. */
export function parseUnixSeconds(value: string | undefined): number {
  if (value === undefined || !/^\d{1,12}$/.test(value))
    throw new ChannelRequestError(401, 'bad_signature', 'missing or unreadable signature timestamp');
  return Number(value);
}
