import { z } from 'zod';

/** A whole number in a query string, checked against `range` once converted; absent is allowed. */
export const queryNumber = (range: z.ZodInt, description: string) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(range).optional().meta({ description });
