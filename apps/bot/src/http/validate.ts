import type { z } from 'zod';
import { HttpError } from './http-error.ts';

/** Which part of the request a schema checks; named in the error so a client knows where to look. */
export type RequestPart = 'body' | 'query' | 'params';

/** "texts[0]" for ['texts', 0]: how a client would write the path in its own code. */
const fieldPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');

/** Parses one part of a request, or throws a 400 invalid_payload that names each bad field. */
export function parseRequestPart<Schema extends z.ZodType>(schema: Schema, value: unknown, part: RequestPart): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = fieldPath(issue.path);
    return `${field ? `${part}.${field}` : part}: ${issue.message}`;
  });
  throw new HttpError(400, 'invalid_payload', problems.join('; '));
}
