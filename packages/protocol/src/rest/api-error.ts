import * as z from 'zod';
import { errorCodeSchema } from '../errors.ts';

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
