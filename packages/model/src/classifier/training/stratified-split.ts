import { seededRandom, shuffleInPlace } from './seeded-random.ts';

/**
 * Splits indices into train and validation with each label represented in proportion; a label with a single
 * example stays in train (it cannot be on both sides).
 */
export function stratifiedSplit(labels: readonly string[], fraction: number, seed: number): { train: number[]; validation: number[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  const train: number[] = [];
  const validation: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const indices = shuffleInPlace(byLabel.get(label)!, random);
    const take = indices.length < 2 ? 0 : Math.max(1, Math.round(indices.length * fraction));
    validation.push(...indices.slice(0, take));
    train.push(...indices.slice(take));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}
