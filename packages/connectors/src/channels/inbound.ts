import type * as z from 'zod';
import { ChannelRequestError, type InboundRequest } from './channel.ts';

/** One header's value; Node gives repeated headers as arrays, of which the first counts. */
export function headerValue(request: InboundRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses a verified body as JSON of the expected shape; anything else is the caller's fault (400). */
export function parseJsonBody<S extends z.ZodType>(raw: Buffer | string, schema: S, what: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    throw new ChannelRequestError(400, 'malformed', `${what} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ChannelRequestError(400, 'malformed', `${what} does not have the expected shape`);
  return parsed.data;
}

/** A provider's unix-seconds timestamp (number or numeric string) as a Date. */
export function dateFromUnixSeconds(seconds: number | string | undefined): Date | undefined {
  const value = Number(seconds);
  return seconds === undefined || !Number.isFinite(value) ? undefined : new Date(value * 1000);
}
