import type { ErrorCode } from '@parley/protocol';

/**
 * A refusal with its HTTP status, for the cases a protocol code alone does not pin down: 403 (a role failure,
 * still code `unauthorized`), 413 and 503. ActionErrors from the conversation layer are mapped by code instead.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export const unauthorized = (message: string): HttpError => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'unauthorized', message);
export const rateLimited = (message: string, retryAfterMs: number): HttpError => new HttpError(429, 'rate_limited', message, retryAfterMs);
