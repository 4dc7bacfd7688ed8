import { errorCodeSchema, protocolError, type ErrorCode } from '@parley/protocol';
import type { Response } from 'express';
import { z } from 'zod';

/** The body of every error response under /api/v1. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      /** For people; clients branch on `code` (and the HTTP status). */
      message: z.string(),
      retryAfterMs: z.int().min(0).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error: a protocol error code and a message for people.' });

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

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
