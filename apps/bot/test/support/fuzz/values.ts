import fc from 'fast-check';

/** Strings that tend to break servers: NUL (Postgres refuses it), lone surrogates, huge, RTL, "__proto__"… */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '🙂'.repeat(40),
  'ünïcødé 中文 العربية',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301',
  '\ufeffbom',
  "' OR 1=1 --",
  '%',
  '%ff',
  '\\',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'toString',
  'null',
  '{option1}',
  '${process.exit()}',
  '<script>alert(1)</script>',
  '\r\n\r\n',
  'a'.repeat(5_000),
];

const controlOrSurrogate = fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\ud800', '\udc00', '\uffff', '\u2028');

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 12 }), controlOrSurrogate, fc.string({ maxLength: 12 })).map((p) => p.join('')) },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 31, -(2 ** 31) - 1, -0, 0.5, 5e-324, -1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** `{ a: { a: … } }` or `[[…]]`, `depth` deep. */
export function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = asArray ? [] : {};
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

export const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 100, max: 1_500 }), fc.boolean())
  .map(([depth, asArray]) => nested(depth, asArray));

/** Own `__proto__` / `constructor` keys, as JSON.parse makes them. */
export const POLLUTION_MARK = 'fuzzPolluted';
export const pollutingObject: fc.Arbitrary<unknown> = fc.constantFrom(
  JSON.parse(`{"__proto__":{"${POLLUTION_MARK}":true}}`),
  JSON.parse(`{"constructor":{"prototype":{"${POLLUTION_MARK}":true}}}`),
  JSON.parse(`{"__proto__":[],"length":1e9}`),
);

/** Any JSON value, leaning towards the nasty ones. */
export const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: nastyNumber },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: pollutingObject },
  { weight: 1, arbitrary: fc.constantFrom(null, true, [], {}) },
);

/** Whether a fuzz payload polluted Object.prototype of this (the server's) process. */
export const prototypePolluted = (): boolean => POLLUTION_MARK in Object.prototype;
