import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Example } from '../src/classifier/types.ts';
import { checkDataset } from '../src/data/check-dataset.ts';

const ex = (text: string, label: string): Example => ({ text, label });

test('a clean dataset passes through unchanged, without warnings', () => {
  const examples = [ex('hi', 'greet'), ex('hello', 'greet'), ex('bye', 'farewell'), ex('see you', 'farewell')];
  assert.deepEqual(checkDataset(examples, { task: 'intent' }), { examples, warnings: [] });
});

test('exact duplicates are removed, keeping the first in original order, and counted', () => {
  const { examples, warnings } = checkDataset(
    [ex('hi', 'greet'), ex('bye', 'farewell'), ex('hi', 'greet'), ex('Hi', 'greet'), ex('hi', 'greet'), ex('see you', 'farewell')],
    { task: 'intent' },
  );
  // "Hi" differs in case: a separate example, not a duplicate.
  assert.deepEqual(examples, [ex('hi', 'greet'), ex('bye', 'farewell'), ex('Hi', 'greet'), ex('see you', 'farewell')]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^intent dataset: removed 2 exact duplicates \(same text and label\)$/);
});

test('conflicting labels (case and whitespace ignored) keep the majority label and are reported with examples', () => {
  const { examples, warnings } = checkDataset(
    [
      ex('cancel my order', 'cancel'),
      ex('Cancel  my order', 'refund'),
      ex('cancel my ORDER', 'cancel'),
      ex('thanks', 'positive'), // tie: the first label seen wins
      ex('Thanks', 'negative'),
      ex('where is my parcel', 'track'),
    ],
    { task: 'intent' },
  );
  assert.deepEqual(examples, [
    ex('cancel my order', 'cancel'),
    ex('cancel my ORDER', 'cancel'),
    ex('thanks', 'positive'),
    ex('where is my parcel', 'track'),
  ]);
  assert.equal(warnings.length, 2); // the conflict, and "positive" now has a single example
  assert.match(warnings[0]!, /^intent dataset: 2 texts with conflicting labels; kept the majority label of each and dropped 2 examples: /);
  assert.ok(warnings[0]!.includes('"cancel my order" (cancel ×2, refund ×1)'), warnings[0]);
  assert.ok(warnings[0]!.includes('"thanks" (positive ×1, negative ×1)'), warnings[0]);
});

test('at most five conflicts are listed', () => {
  const examples = Array.from({ length: 7 }, (_, i) => [
    ex(`text ${i}`, 'a'),
    ex(`text ${i}`, 'b'),
    ex(`text ${i} again`, 'a'),
    ex(`other ${i}`, 'b'),
  ]).flat();
  const [warning] = checkDataset(examples, { task: 'sentiment' }).warnings;
  assert.match(warning!, /^sentiment dataset: 7 texts with conflicting labels; .* dropped 7 examples: /);
  assert.equal(warning!.match(/×/g)!.length, 10); // five conflicts, two labels each
  assert.match(warning!, /, and 2 more$/);
});

test('labels with a single example are named in a warning', () => {
  const { examples, warnings } = checkDataset(
    [ex('hi', 'greet'), ex('hello', 'greet'), ex('bye', 'farewell'), ex('refund please', 'refund')],
    {
      task: 'intent',
    },
  );
  assert.equal(examples.length, 4);
  assert.deepEqual(warnings, [
    'intent dataset: 2 labels with a single example (cannot be in both training and validation): "farewell", "refund"',
  ]);
});

test('an empty dataset throws', () => {
  assert.throws(() => checkDataset([], { task: 'sentiment' }), /^Error: sentiment dataset is empty$/);
});

test('a single label throws and names it, also when conflict resolution leaves only one', () => {
  assert.throws(
    () => checkDataset([ex('hi', 'greet'), ex('hello', 'greet')], { task: 'intent' }),
    /needs at least two labels; every example is labelled "greet"/,
  );
  assert.throws(
    () => checkDataset([ex('hi', 'greet'), ex('HI', 'greet'), ex('hi', 'bye')], { task: 'intent' }),
    /needs at least two labels; every example is labelled "greet"/,
  );
});

test('the input array is not modified', () => {
  const input = [ex('hi', 'a'), ex('hi', 'a'), ex('yo', 'b'), ex('yo', 'b')];
  const copy = structuredClone(input);
  checkDataset(input, { task: 'intent' });
  assert.deepEqual(input, copy);
});

test('examples passed through the API are checked like file rows: strings, non-empty, valid Unicode', () => {
  const ok = { text: 'fine', label: 'a' };
  const cases: Array<[unknown, RegExp]> = [
    [{ text: 42, label: 'a' }, /example 2: text must be a non-empty string/],
    [{ text: '   ', label: 'a' }, /text must be a non-empty string/],
    [{ text: 'x', label: null }, /label must be a non-empty string/],
    [{ text: 'broken \uD800 surrogate', label: 'a' }, /not valid Unicode/],
    [null, /text must be a non-empty string/],
  ];
  for (const [bad, message] of cases) {
    assert.throws(() => checkDataset([ok, bad] as Example[], { task: 'intent' }), message);
  }
});
