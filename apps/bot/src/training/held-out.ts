import { createHash } from 'node:crypto';
import type { Example } from '@parley/model';

export type HeldOutSource = 'test-split' | 'holdout';

/** Share of each label held out when a bot has no test examples, and the fewest examples a label needs to give any. */
export const HOLDOUT_FRACTION = 0.15;
export const HOLDOUT_MIN_LABEL_EXAMPLES = 5;

export interface HeldOutSplit {
  train: Example[];
  heldOut: Example[];
  source: HeldOutSource;
}

const textHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * What a candidate trains on and what it (and the live model) is scored on. The bot's 'test' examples when it has
 * any; else ~15% of each label with enough examples, picked by a hash of the text, so the same texts stay held out
 * from one retrain to the next and a new example only ever moves itself.
 */
export function splitHeldOut(train: readonly Example[], test: readonly Example[]): HeldOutSplit {
  if (test.length > 0) return { train: [...train], heldOut: [...test], source: 'test-split' };
  const byLabel = new Map<string, Example[]>();
  for (const example of train) {
    const group = byLabel.get(example.label);
    if (group) group.push(example);
    else byLabel.set(example.label, [example]);
  }
  const held = new Set<Example>();
  for (const examples of byLabel.values()) {
    if (examples.length < HOLDOUT_MIN_LABEL_EXAMPLES) continue;
    const ranked = examples.map((example) => ({ example, hash: textHash(example.text) })).sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const take = Math.max(1, Math.round(examples.length * HOLDOUT_FRACTION));
    for (const { example } of ranked.slice(0, take)) held.add(example);
  }
  return {
    train: train.filter((example) => !held.has(example)),
    heldOut: train.filter((example) => held.has(example)),
    source: 'holdout',
  };
}
