import fc from 'fast-check';
import { z } from 'zod';
import { nastyString } from './values.ts';

/** The part of JSON Schema that z.toJSONSchema writes for this project's schemas. */
interface JsonSchema {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/**
 * Values to use for a property or parameter by its name (real ids of the seeded workspaces), if any. The first is
 * the one the fuzzer's own callers can reach (Acme's bot, the conversation of the customer slot that owns it).
 */
export type KnownValues = (name: string) => readonly string[] | undefined;

/** One of `values`, mostly the first. */
export const knownValue = <T>(values: readonly T[]): fc.Arbitrary<T> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(values[0]!) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

const MAX_DEPTH = 6;
const SHORT_STRING = 40;

/**
 * Values that mostly pass `schema`, so fuzzing reaches handlers and the database rather than stopping at
 * validation: zod's own JSON Schema of it, walked into arbitraries. Unpatterned strings are now and then nasty
 * ones (NUL, lone surrogates) that a schema lets through and a later layer may not; properties named in `known`
 * mostly take real values.
 */
export function validish(schema: z.ZodType, known: KnownValues): fc.Arbitrary<unknown> {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return walk(root, root, known, undefined, 0);
}

function resolve(root: JsonSchema, ref: string): JsonSchema {
  const name = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
  const target = name === undefined ? undefined : root.$defs?.[name];
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return target;
}

function walk(schema: JsonSchema, root: JsonSchema, known: KnownValues, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  if (schema.$ref) return walk(resolve(root, schema.$ref), root, known, name, depth + 1);
  const real = name === undefined ? undefined : known(name);
  const own = shapeOf(schema, root, known, depth);
  return real && real.length > 0 ? fc.oneof({ weight: 3, arbitrary: knownValue(real) }, { weight: 1, arbitrary: own }) : own;
}

function shapeOf(schema: JsonSchema, root: JsonSchema, known: KnownValues, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => walk(alternative, root, known, undefined, depth + 1)));
  switch (schema.type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1_000, -(2 ** 31)), max: Math.min(schema.maximum ?? 1_000, 2 ** 31 - 1) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const item = schema.items ? walk(schema.items, root, known, undefined, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object':
      return objectOf(schema, root, known, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(schema: JsonSchema, root: JsonSchema, known: KnownValues, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) {
    const values =
      typeof schema.additionalProperties === 'object'
        ? walk(schema.additionalProperties, root, known, undefined, depth + 1)
        : fc.jsonValue({ maxDepth: 1 });
    return fc.dictionary(fc.string({ maxLength: 12 }), values, { maxKeys: 3 });
  }
  const record = Object.fromEntries(properties.map(([key, property]) => [key, walk(property, root, known, key, depth + 1)]));
  return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in record) });
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 10_000;
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  const plain = fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, SHORT_STRING)) });
  // Padded so that a nasty character survives `.trim().min(1)` and lands in the middle of real text.
  const padded = (text: fc.Arbitrary<string>) => text.map((inner) => `ok ${inner} ok`.slice(0, maxLength)).filter(fits);
  return fc.oneof(
    { weight: 4, arbitrary: plain },
    { weight: 2, arbitrary: padded(nastyString) },
    { weight: 1, arbitrary: padded(fc.constant('\u0000')) },
  );
}
