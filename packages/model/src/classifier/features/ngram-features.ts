import type { NgramSpec } from '../artifact-schema.ts';

/** A sparse feature vector: bucket indices (unique, ascending not required) and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const WORD = /[\p{L}\p{N}]+/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const step = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);
/** Separates n-gram kinds and lengths in hash space, so "ab" as a word and as characters differ. */
const kindSeed = (kind: 'w' | 'c', n: number): number => step(step(FNV_OFFSET, kind === 'w' ? 0x77 : 0x63), n);

function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (CJK_CHAR.test(word)) words.push(...Array.from(word));
    else words.push(word);
  }
  return words;
}

/**
 * Calls `emit` with the hash of every n-gram of a text: word n-grams over lower-cased words, and character
 * n-grams over each word padded with spaces (so prefixes and suffixes count). CJK text has no spaces between
 * words, so each CJK character counts as a word and character n-grams run across the whole CJK span.
 * Hashes are FNV-1a, built incrementally so no n-gram string is ever allocated.
 */
export function forEachNgramHash(text: string, spec: Pick<NgramSpec, 'wordRange' | 'charRange'>, emit: (hash: number) => void): void {
  const words = wordsOf(text);
  const [wMin, wMax] = spec.wordRange;
  if (wMax > 0) {
    const wordHashes = words.map((w) => {
      let h = FNV_OFFSET;
      for (let i = 0; i < w.length; i++) h = step(h, w.charCodeAt(i));
      return h;
    });
    for (let i = 0; i < words.length; i++) {
      let h = kindSeed('w', 0);
      for (let n = 1; n <= wMax && i + n <= words.length; n++) {
        h = step(step(h, 0x20), wordHashes[i + n - 1]!);
        if (n >= Math.max(1, wMin)) emit(step(h, n) >>> 0);
      }
    }
  }
  const [cMin, cMax] = spec.charRange;
  if (cMax > 0) {
    // Latin words are padded separately; CJK characters form one continuous stream.
    const codes: number[] = [];
    for (const w of words) {
      const cjk = CJK_CHAR.test(w);
      if (!cjk) codes.push(0x20);
      for (const ch of w) codes.push(ch.codePointAt(0)!);
      if (!cjk) codes.push(0x20);
    }
    for (let i = 0; i < codes.length; i++) {
      let h = kindSeed('c', 0);
      let blank = true;
      for (let n = 1; n <= cMax && i + n <= codes.length; n++) {
        const code = codes[i + n - 1]!;
        h = step(h, code);
        if (code !== 0x20) blank = false;
        if (n >= Math.max(1, cMin) && !blank) emit(step(h, n) >>> 0);
      }
    }
  }
}

/** Term counts per hashed bucket, before weighting. */
export function hashedCounts(text: string, spec: Pick<NgramSpec, 'buckets' | 'wordRange' | 'charRange'>): Map<number, number> {
  const counts = new Map<number, number>();
  forEachNgramHash(text, spec, (hash) => {
    const bucket = hash % spec.buckets;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  });
  return counts;
}

/** Smoothed inverse document frequency per bucket: log((1 + n) / (1 + df)) + 1, as scikit-learn does. */
export function fitIdf(texts: readonly string[], spec: Pick<NgramSpec, 'buckets' | 'wordRange' | 'charRange'>): Float32Array {
  const df = new Float32Array(spec.buckets);
  for (const text of texts) for (const bucket of hashedCounts(text, spec).keys()) df[bucket]! += 1;
  const idf = new Float32Array(spec.buckets);
  for (let b = 0; b < spec.buckets; b++) idf[b] = Math.log((1 + texts.length) / (1 + df[b]!)) + 1;
  return idf;
}

/** Sublinear TF × IDF, L2-normalised: the n-gram view of one text. */
export function ngramVector(text: string, spec: NgramSpec): SparseVector {
  const counts = hashedCounts(text, spec);
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let k = 0;
  let norm = 0;
  for (const [bucket, count] of counts) {
    const value = (1 + Math.log(count)) * spec.idf[bucket]!;
    indices[k] = bucket;
    values[k++] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < values.length; i++) values[i]! *= scale;
  return { indices, values };
}
