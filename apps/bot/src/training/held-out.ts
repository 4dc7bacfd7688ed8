import { createHash } from 'node:crypto';
import { nearDuplicateGroups, type Example } from '@parley/model';

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
 * from one retrain to the next and a new example only ever moves itself. Near-duplicates (a template's variants)
 * are held out or kept together: one in training and its twin held out would score the model on what it has seen.
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
    const groups = new Map<number, Example[]>();
    nearDuplicateGroups(examples.map((e) => e.text)).forEach((group, i) => groups.set(group, [...(groups.get(group) ?? []), examples[i]!]));
    const ranked = [...groups.values()]
      .map((members) => ({ members, hash: textHash(members.map((e) => e.text).sort()[0]!) }))
      .sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const take = Math.max(1, Math.round(examples.length * HOLDOUT_FRACTION));
    let taken = 0;
    // Whole groups in hash order until the share is reached; one that would overshoot it twice over is passed by.
    for (const { members } of ranked) {
      if (taken >= take) break;
      if (taken + members.length > take * 2) continue;
      for (const example of members) held.add(example);
      taken += members.length;
    }
  }
  return {
    train: train.filter((example) => !held.has(example)),
    heldOut: train.filter((example) => held.has(example)),
    source: 'holdout',
  };
}
