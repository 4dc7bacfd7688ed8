import { protocolError, type ApiErrorBody, type ErrorCode } from '@parley/protocol';
import type { Response } from 'express';

/** HTTP status of each protocol code when nothing more specific applies. */
export const STATUS_OF_CODE: Record<ErrorCode, number> = {
  invalid_payload: 400,
  unknown_event: 404,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};

export function sendError(res: Response, status: number, code: ErrorCode, message: string, retryAfterMs?: number): void {
  const body: ApiErrorBody = { error: { ...protocolError(code, message), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } };
  // Retry-After is whole seconds; rounding up never invites a retry that would be refused again.
  if (retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  res.status(status).json(body);
}
