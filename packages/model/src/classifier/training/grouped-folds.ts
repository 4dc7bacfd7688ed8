import { forEachNgramHash } from '../features/ngram-features.ts';
import { hashString } from './seeded-random.ts';

/** Near-duplicates: same label and a cosine of at least this over word unigrams and character trigrams. */
const NEAR_DUPLICATE_COSINE = 0.8;
const BUCKETS = 1 << 14;
const SHINGLES = { wordRange: [1, 1] as [number, number], charRange: [3, 3] as [number, number] };

/**
 * Assigns each example to one of `folds` folds so that near-duplicates (templated variants of one sentence)
 * always share a fold: otherwise a held-out example has its twin in training, and held-out scores, the
 * temperature and the thresholds fitted on them come out as optimistic as templated test splits.
 * A group's fold is a hash of its smallest text, so adding or correcting one example moves no other group.
 * Also returns each example's group size: a hundred variants of one template are not a hundred pieces of evidence.
 */
export function groupedFolds(
  texts: readonly string[],
  labels: readonly string[],
  folds: number,
  seed: number,
): { fold: Int32Array; groupSize: Int32Array } {
  const fold = new Int32Array(texts.length);
  const groupSize = new Int32Array(texts.length);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  for (const members of byLabel.values()) {
    const parent = nearDuplicateGroups(members.map((i) => texts[i]!));
    const smallest = new Map<number, string>();
    parent.forEach((root, k) => {
      const text = texts[members[k]!]!;
      const current = smallest.get(root);
      if (current === undefined || text < current) smallest.set(root, text);
    });
    const sizes = new Map<number, number>();
    for (const root of parent) sizes.set(root, (sizes.get(root) ?? 0) + 1);
    parent.forEach((root, k) => {
      fold[members[k]!] = hashString(smallest.get(root)!, seed) % folds;
      groupSize[members[k]!] = sizes.get(root)!;
    });
  }
  return { fold, groupSize };
}

/**
 * Groups of near-duplicate texts (word and character-trigram cosine of at least 0.8, transitively): each
 * text's group, as the index of one of its members. Compare within a label.
 */
export function nearDuplicateGroups(texts: readonly string[]): number[] {
  const vectors = texts.map(shingleVector);
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const dense = new Float32Array(BUCKETS);
  for (let i = 0; i < vectors.length; i++) {
    const a = vectors[i]!;
    for (let k = 0; k < a.buckets.length; k++) dense[a.buckets[k]!] = a.weights[k]!;
    for (let j = i + 1; j < vectors.length; j++) {
      const { buckets, weights } = vectors[j]!;
      let dot = 0;
      for (let k = 0; k < buckets.length; k++) dot += weights[k]! * dense[buckets[k]!]!;
      if (dot >= NEAR_DUPLICATE_COSINE) parent[find(j)] = find(i);
    }
    for (let k = 0; k < a.buckets.length; k++) dense[a.buckets[k]!] = 0;
  }
  return parent.map((_, i) => find(i));
}

/** Unit-length bag of shingles. */
function shingleVector(text: string): { buckets: Int32Array; weights: Float32Array } {
  const counts = new Map<number, number>();
  forEachNgramHash(text, SHINGLES, (hash) => counts.set(hash % BUCKETS, (counts.get(hash % BUCKETS) ?? 0) + 1));
  const norm = Math.sqrt([...counts.values()].reduce((sum, c) => sum + c * c, 0)) || 1;
  return { buckets: Int32Array.from(counts.keys()), weights: Float32Array.from(counts.values(), (c) => c / norm) };
}
