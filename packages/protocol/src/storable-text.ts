/**
 * Where the first string PostgreSQL cannot store sits in a decoded JSON value, in a key or a string: `''` for the
 * value itself, else a path such as `texts[2]` or `config.texts.greeting`; undefined when there is none.
 *
 * PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses an unpaired UTF-16 surrogate (`"\ud800"`, which
 * JSON.parse happily returns), so such a string that got past a wire would fail at the database as an internal
 * error, and a customer's message carrying one could never be stored. Every wire refuses them instead.
 * Iterative, because a hostile body can nest deeper than the call stack.
 */
export function unstorableTextPath(value: unknown): string | undefined {
  // Each entry links to its parent's, so the path is spelled out only on a hit: deep nesting stays linear.
  const pending: Step[] = [{ item: value }];
  const seen = new WeakSet<object>();
  for (let step = pending.pop(); step; step = pending.pop()) {
    const { item } = step;
    if (typeof item === 'string') {
      if (unstorable(item)) return pathOf(step);
      continue;
    }
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index--) pending.push({ item: item[index], parent: step, segment: index });
    } else {
      for (const [key, child] of Object.entries(item).reverse()) {
        if (unstorable(key)) return pathOf({ item: child, parent: step, segment: key });
        pending.push({ item: child, parent: step, segment: key });
      }
    }
  }
  return undefined;
}

interface Step {
  item: unknown;
  parent?: Step;
  segment?: string | number;
}

function pathOf(step: Step): string {
  const segments: Array<string | number> = [];
  for (let at: Step | undefined = step; at?.segment !== undefined; at = at.parent) segments.push(at.segment);
  return segments
    .reverse()
    .reduce<string>((path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, which
// older browsers running the widget lack).
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const unstorable = (text: string): boolean => text.includes('\0') || UNPAIRED_SURROGATE.test(text);

/** The text with each character PostgreSQL cannot store replaced by U+FFFD, for text that may not be refused. */
export const toStorableText = (text: string): string =>
  text.replaceAll('\0', '\uFFFD').replace(new RegExp(UNPAIRED_SURROGATE.source, 'g'), '\uFFFD');

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL (\\u0000) characters or unpaired UTF-16 surrogates';

/** The refusal for a value holding such a string, naming where (under `part`, e.g. `body`), or undefined. */
export function unstorableTextProblem(value: unknown, part = ''): string | undefined {
  const at = unstorableTextPath(value);
  if (at === undefined) return undefined;
  const where = part && at ? `${part}.${at}` : part || at;
  return `${where ? `${where}: ` : ''}${UNSTORABLE_TEXT_MESSAGE}`;
}
