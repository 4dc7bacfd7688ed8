import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets (visitor tokens, session tokens, API keys) are 256 random bits, so a fast hash is enough to
 * keep them out of the database: a leaked table gives nothing to replay, and no slow KDF is needed for secrets
 * no one can guess. Passwords, which people choose, use argon2 instead (operator-store.ts).
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A new random secret, URL-safe, with an optional readable prefix ("sk_…"). */
export const newSecret = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Secrets longer than this are rejected before hashing, so junk input cannot cost a hash of megabytes. */
export const MAX_SECRET_LENGTH = 200;

export const plausibleSecret = (secret: unknown): secret is string =>
  typeof secret === 'string' && secret.length > 0 && secret.length <= MAX_SECRET_LENGTH;
