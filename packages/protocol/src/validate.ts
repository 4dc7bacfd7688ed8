import type * as z from 'zod';
import { protocolError } from './errors.ts';
import { LIMITS } from './limits.ts';
import { unstorableTextProblem } from './storable-text.ts';
import type { NamespaceName } from './namespaces.ts';
import { clientEventSchemas, type ClientEventName, type ClientEventPayload } from './registry.ts';

export type ParseErrorCode = 'invalid_payload' | 'unknown_event';

export type ParseResult<T> = { ok: true; data: T } | { ok: false; error: { code: ParseErrorCode; message: string } };

/**
 * Checks a payload a client sent against its event's schema. Never throws, whatever `payload` is: handlers
 * answer a failure by passing `error` to the ack, or emitting it as an `error` event when there is no ack.
 * On success `data` is the parsed payload (text trimmed, unknown keys impossible): use it, not the original.
 */
export function parseClientEvent<N extends NamespaceName, E extends ClientEventName<N>>(
  namespace: N,
  eventName: E,
  payload: unknown,
): ParseResult<ClientEventPayload<N, E>>;
/** For middleware that sees every packet: the namespace and event name are untrusted too. */
export function parseClientEvent(namespace: unknown, eventName: unknown, payload: unknown): ParseResult<unknown>;
export function parseClientEvent(namespace: unknown, eventName: unknown, payload: unknown): ParseResult<unknown> {
  const schema = lookUp(namespace, eventName);
  if (!schema)
    return { ok: false, error: protocolError('unknown_event', `unknown event ${quote(eventName)} on namespace ${quote(namespace)}`) };
  try {
    const parsed = schema.safeParse(payload);
    if (parsed.success) {
      // On the parsed payload: the schema has already bounded its size and shape.
      const problem = unstorableTextProblem(parsed.data);
      if (problem === undefined) return { ok: true, data: parsed.data };
      return { ok: false, error: protocolError('invalid_payload', problem) };
    }
    return { ok: false, error: protocolError('invalid_payload', describe(parsed.error)) };
  } catch {
    // Only objects no JSON decoder produces get here (a getter or proxy that throws).
    return { ok: false, error: protocolError('invalid_payload', 'payload could not be read') };
  }
}

// Own properties only: an event named "constructor" or "__proto__" must not find Object's.
function lookUp(namespace: unknown, eventName: unknown): z.ZodType | undefined {
  if (typeof namespace !== 'string' || !Object.hasOwn(clientEventSchemas, namespace)) return undefined;
  const events: Record<string, z.ZodType> = clientEventSchemas[namespace as NamespaceName];
  return typeof eventName === 'string' && Object.hasOwn(events, eventName) ? events[eventName] : undefined;
}

// Names come from the client: cut them short before they reach a message, and say what a non-string was.
function quote(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name.slice(0, LIMITS.id)) : typeof name;
}

/** The first issue, with where it is: one line a person can act on. */
function describe(error: z.ZodError): string {
  const [first] = error.issues;
  if (!first) return 'invalid payload';
  const where = first.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where ? `${where.replace(/^\./, '')}: ` : ''}${first.message}${more}`;
}
