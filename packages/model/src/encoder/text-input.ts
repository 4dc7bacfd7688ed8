/** Rejects anything that is not an array of strings, naming the first offending element. */
export function assertTexts(texts: unknown): asserts texts is readonly string[] {
  if (!Array.isArray(texts)) {
    throw new TypeError(`embed() expects an array of strings, got ${describe(texts)}`);
  }
  for (let i = 0; i < texts.length; i++) {
    if (typeof texts[i] !== 'string') {
      throw new TypeError(`embed() expects strings, but element ${i} is ${describe(texts[i])}`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
