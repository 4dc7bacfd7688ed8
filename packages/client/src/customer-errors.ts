import type { ErrorCode, ErrorPayload } from '@parley/protocol';
import { ParleyApiError } from './parley-api-error.ts';

/** The HTTP status the REST API answers each code with, so socket and REST failures read alike. */
const statusOf: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unknown_event: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};

/** A refused ack or an `error` event as the error the SDK throws. */
export function socketError(error: ErrorPayload): ParleyApiError {
  return new ParleyApiError(statusOf[error.code], error.code, error.message, error.retryAfterMs);
}

/** Codes after which the same request may succeed later (the protocol: retry with the same client message id). */
export const isRetryable = (code: ErrorCode): boolean => code === 'rate_limited' || code === 'internal';
