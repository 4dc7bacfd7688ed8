import type { Example, TaskName } from '../classifier/types.ts';

export interface CheckedDataset {
  /** Without exact duplicates and minority-labelled conflicts, in original order. */
  examples: Example[];
  warnings: string[];
}

const CONFLICTS_SHOWN = 5;
const RARE_LABELS_SHOWN = 10;

/**
 * Validates and cleans a labelled dataset before training. Throws when nothing can be trained (no examples, one
 * label); fixes what it safely can (duplicates, conflicting labels) and says so in `warnings`.
 */
export function checkDataset(examples: Example[], options: { task: TaskName }): CheckedDataset {
  const name = `${options.task} dataset`;
  if (!Array.isArray(examples) || examples.length === 0) throw new Error(`${name} is empty`);
  examples.forEach((example, i) => assertExample(example, `${name}, example ${i + 1}`));

  const conflicts = resolveConflicts(examples);
  const deduplicated = removeDuplicates(conflicts.kept);
  const labelCounts = countBy(deduplicated.kept, (example) => example.label);
  if (labelCounts.size < 2) {
    const [only] = labelCounts.keys();
    throw new Error(`${name} needs at least two labels; every example is labelled ${quote(only ?? '')}`);
  }

  const warnings = [
    ...deduplicated.warnings.map((warning) => `${name}: ${warning}`),
    ...conflicts.warnings.map((warning) => `${name}: ${warning}`),
    ...rareLabelWarnings(labelCounts).map((warning) => `${name}: ${warning}`),
  ];
  return { examples: deduplicated.kept, warnings };
}

/**
 * Callers of the API pass strings, not files, so the checks a file reader makes happen here too: both fields
 * are non-empty strings, and well-formed Unicode (a lone surrogate has no UTF-8 encoding and would be
 * mangled in the database and the artifact).
 */
// With the u flag a paired surrogate is one code point, so only a lone half matches (String#isWellFormed is ES2024).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function assertExample(example: unknown, where: string): void {
  const { text, label } = (example ?? {}) as Partial<Example>;
  if (typeof text !== 'string' || text.trim() === '') throw new TypeError(`${where}: text must be a non-empty string`);
  if (typeof label !== 'string' || label.trim() === '') throw new TypeError(`${where}: label must be a non-empty string`);
  if (LONE_SURROGATE.test(text) || LONE_SURROGATE.test(label))
    throw new TypeError(`${where}: not valid Unicode (a lone surrogate), so it cannot be stored as UTF-8`);
}

/** "Refund  please" and "refund please" are the same request to a classifier, so they must agree on a label. */
function conflictKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Same text with different labels teaches the model noise. The label most examples agree on wins (the first
 * seen on a tie), since a lone mislabelled copy is the likelier mistake.
 */
function resolveConflicts(examples: Example[]): { kept: Example[]; warnings: string[] } {
  const labelsByText = new Map<string, Map<string, number>>();
  const firstText = new Map<string, string>();
  for (const { text, label } of examples) {
    const key = conflictKey(text);
    if (!firstText.has(key)) firstText.set(key, text);
    const counts = labelsByText.get(key) ?? new Map<string, number>();
    counts.set(label, (counts.get(label) ?? 0) + 1);
    labelsByText.set(key, counts);
  }

  const winner = new Map<string, string>();
  const described: string[] = [];
  for (const [key, counts] of labelsByText) {
    winner.set(key, majority(counts));
    if (counts.size > 1) {
      const tally = [...counts].map(([label, count]) => `${label} ×${count}`).join(', ');
      described.push(`${quote(firstText.get(key)!)} (${tally})`);
    }
  }
  const kept = examples.filter((example) => winner.get(conflictKey(example.text)) === example.label);
  if (described.length === 0) return { kept, warnings: [] };
  const dropped = examples.length - kept.length;
  return {
    kept,
    warnings: [
      `${plural(described.length, 'text')} with conflicting labels; kept the majority label of each and dropped ` +
        `${plural(dropped, 'example')}: ${listSome(described, CONFLICTS_SHOWN)}`,
    ],
  };
}

/** Map iteration follows insertion order, so on a tie the first label seen wins. */
function majority(counts: Map<string, number>): string {
  let best: [string, number] | undefined;
  for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
  return best![0];
}

/** Exact repeats add no information but weigh their label more, and could land in both training and validation. */
function removeDuplicates(examples: Example[]): { kept: Example[]; warnings: string[] } {
  const seen = new Set<string>();
  const kept = examples.filter(({ text, label }) => {
    const key = `${label}\u0000${text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const removed = examples.length - kept.length;
  return { kept, warnings: removed === 0 ? [] : [`removed ${plural(removed, 'exact duplicate')} (same text and label)`] };
}

/** A label seen once cannot be in both the training and the validation split, so it is never validated. */
function rareLabelWarnings(labelCounts: Map<string, number>): string[] {
  const rare = [...labelCounts].filter(([, count]) => count < 2).map(([label]) => quote(label));
  if (rare.length === 0) return [];
  return [
    `${plural(rare.length, 'label')} with a single example (cannot be in both training and validation): ${listSome(rare, RARE_LABELS_SHOWN)}`,
  ];
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function listSome(items: string[], shown: number): string {
  const more = items.length - shown;
  return items.slice(0, shown).join(', ') + (more > 0 ? `, and ${more} more` : '');
}
