import * as z from 'zod';

/**
 * A whole number in a query string, checked against `range` once converted; absent is allowed. Clients may pass
 * a number (they write it into the URL as digits); the server always reads the digits.
 */
export const queryNumber = (range: z.ZodInt, description: string) =>
  z
    .union([z.number(), z.string()])
    .transform((value, check) => {
      if (typeof value === 'number' || /^\d+$/.test(value)) return Number(value);
      check.addIssue({ code: 'custom', message: 'must be a whole number' });
      return z.NEVER;
    })
    .pipe(range)
    .optional()
    .meta({ description });
