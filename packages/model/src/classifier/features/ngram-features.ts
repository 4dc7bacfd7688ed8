import type { NgramSpec } from '../artifact-schema.ts';

/** A sparse feature vector: bucket indices (unique, ascending not required) and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const WORD = /[\p{L}\p{N}]+/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** FNV-1a over UTF-16 code units, seeded per feature kind so word and char n-grams hash apart. */
function fnv1a(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The raw n-grams of a text: word n-grams over lower-cased words, and character n-grams over each word
 * padded with spaces (so prefixes and suffixes count). CJK text has no spaces between words, so each CJK
 * character counts as a word and character n-grams run across the whole CJK span.
 */
export function ngramsOf(text: string, spec: Pick<NgramSpec, 'wordRange' | 'charRange'>): string[] {
  const lower = text.normalize('NFKC').toLowerCase();
  const words: string[] = [];
  for (const match of lower.matchAll(WORD)) {
    const word = match[0];
    if (CJK_CHAR.test(word)) words.push(...Array.from(word));
    else words.push(word);
  }
  const grams: string[] = [];
  const [wMin, wMax] = spec.wordRange;
  for (let n = Math.max(1, wMin); wMax > 0 && n <= wMax; n++) {
    for (let i = 0; i + n <= words.length; i++) grams.push(`w${n}:${words.slice(i, i + n).join(' ')}`);
  }
  const [cMin, cMax] = spec.charRange;
  if (cMax > 0) {
    // Latin words are padded separately; CJK characters form one continuous stream.
    const spans = words.map((w) => (CJK_CHAR.test(w) ? w : ` ${w} `));
    const stream = spans.join('');
    const chars = Array.from(stream);
    for (let n = Math.max(1, cMin); n <= cMax; n++) {
      for (let i = 0; i + n <= chars.length; i++) {
        const gram = chars.slice(i, i + n).join('');
        if (gram.trim().length > 0) grams.push(`c${n}:${gram}`);
      }
    }
  }
  return grams;
}

/** Term counts per hashed bucket, before weighting. */
export function hashedCounts(text: string, spec: Pick<NgramSpec, 'buckets' | 'wordRange' | 'charRange'>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const gram of ngramsOf(text, spec)) {
    const bucket = fnv1a(gram, 0) % spec.buckets;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
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
