import fc from 'fast-check';
import { nastyJson } from './values.ts';

const MUTATIONS = [
  'drop-key',
  'extra-key',
  'proto-key',
  'constructor-key',
  'replace-value',
  'wrap-in-array',
  'as-string',
  'nest-deeper',
] as const;
type Mutation = (typeof MUTATIONS)[number];

/**
 * A valid-ish value with one thing wrong: a key missing, added or replaced by junk, or the whole value in the
 * wrong shape. Keys go in with defineProperty so `__proto__` is an own key, as JSON.parse on the server makes it.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.constantFrom(...MUTATIONS), nastyJson, fc.nat())
    .map(([value, mutation, junk, pick]) => mutate(value, mutation, junk, pick));
}

function mutate(value: unknown, mutation: Mutation, junk: unknown, pick: number): unknown {
  if (mutation === 'wrap-in-array') return [value];
  if (mutation === 'as-string') return JSON.stringify(value);
  if (mutation === 'nest-deeper') return { value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return junk;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys.length > 0 ? keys[pick % keys.length]! : 'x';
  const define = (name: string, content: unknown) =>
    Object.defineProperty(copy, name, { value: content, enumerable: true, writable: true, configurable: true });
  switch (mutation) {
    case 'drop-key':
      delete copy[key];
      break;
    case 'extra-key':
      define(`extra${pick % 3}`, junk);
      break;
    case 'proto-key':
      define('__proto__', junk);
      break;
    case 'constructor-key':
      define('constructor', { prototype: junk });
      break;
    case 'replace-value':
      define(key, junk);
      break;
  }
  return copy;
}
