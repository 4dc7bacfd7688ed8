/**
 * A small deterministic generator of hostile payloads: a seeded PRNG (mulberry32) drives random values, values
 * shaped like JSON a client could send, and mutations of valid examples. Same seed, same payloads, so a failure
 * reproduces from the seed in its message.
 */

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Keys the schemas know, so random objects sometimes get past the unknown-key check and reach the field checks.
const KNOWN_KEYS = [
  'conversationId',
  'clientMessageId',
  'messageId',
  'operatorId',
  'text',
  'value',
  'lastSeq',
  'upToSeq',
  'isTyping',
  'statuses',
  'mine',
  'kind',
  'label',
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', ' ', '\u0000'];
const WORDS = [
  'bot',
  'waiting',
  'assigned',
  'closed',
  'intent',
  'new_intent',
  'sentiment',
  'c_1',
  'm_1',
  'op_7',
  'hello',
  '0',
  'true',
  'null',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.NaN,
  Infinity,
  -Infinity,
];

export class Garbage {
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = mulberry32(seed);
  }

  int(below: number): number {
    return Math.floor(this.#random() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.#random() < p;
  }

  string(): string {
    switch (this.int(6)) {
      case 0:
        return this.pick(WORDS);
      case 1:
        return this.pick(HOSTILE_KEYS);
      case 2: // Long enough to cross every text limit, sometimes far past it.
        return 'x'.repeat(this.pick([101, 4_001, 100_000, 1_000_000]));
      case 3: // Any UTF-16 code unit: control characters, lone surrogates, RTL marks.
        return String.fromCharCode(...Array.from({ length: this.int(40) }, () => this.int(0x10000)));
      case 4:
        return ` ${this.pick(WORDS)}\n`;
      default:
        return Array.from({ length: this.int(20) }, () => String.fromCharCode(32 + this.int(95))).join('');
    }
  }

  /** Any value, JSON-shaped or not, nested at most `depth` more levels (plus the occasional very deep chain). */
  value(depth = 3): unknown {
    const kind = this.int(depth > 0 ? 12 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return this.chance(0.5);
      case 3:
        return this.pick(NUMBERS);
      case 4:
        return this.int(1_000) - 10;
      case 5:
      case 6:
        return this.string();
      case 7:
        return this.pick<unknown>([10n, Symbol('s'), () => undefined, new Date(0), new Map(), /re/]);
      case 8:
        return this.chance(0.05)
          ? new Array(this.pick([1_000, 100_000])).fill(this.pick(WORDS))
          : Array.from({ length: this.int(6) }, () => this.value(depth - 1));
      case 9:
        return this.deepChain();
      default:
        return this.object(depth - 1);
    }
  }

  object(depth: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (let i = this.int(7); i > 0; i--) {
      const key = this.chance(0.6) ? this.pick(KNOWN_KEYS) : this.chance(0.5) ? this.pick(HOSTILE_KEYS) : this.string();
      define(object, key, this.value(depth));
    }
    return object;
  }

  deepChain(): unknown {
    let value: unknown = this.pick(WORDS);
    const key = this.pick(KNOWN_KEYS);
    for (let i = this.pick([10, 1_000, 50_000]); i > 0; i--) value = this.chance(0.5) ? [value] : { [key]: value };
    return value;
  }

  /** A valid example with one thing wrong: a field replaced, removed or added, or the text padded. */
  mutate(example: Record<string, unknown>): Record<string, unknown> {
    const copy = { ...example };
    const keys = Object.keys(copy);
    switch (this.int(4)) {
      case 0:
        if (keys.length > 0) define(copy, this.pick(keys), this.value(2));
        break;
      case 1:
        if (keys.length > 0) delete copy[this.pick(keys)];
        break;
      case 2:
        define(copy, this.chance(0.5) ? this.pick(HOSTILE_KEYS) : this.pick(KNOWN_KEYS), this.value(2));
        break;
      default:
        for (const key of keys) if (typeof copy[key] === 'string') copy[key] = `${copy[key] as string}${this.string()}`;
    }
    return copy;
  }
}

// An own property even for "__proto__", the way JSON.parse creates one (plain assignment would set the prototype).
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
