import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Model } from '../src/classifier/api-types.ts';
import type { ModelArtifact, TaskModel } from '../src/classifier/artifact-schema.ts';
import { evaluate } from '../src/classifier/evaluate.ts';
import { computeMetrics } from '../src/classifier/metrics.ts';
import type { Classification, Example } from '../src/classifier/types.ts';
import type { Encoder } from '../src/encoder/encoder-types.ts';

const close = (actual: number | undefined, expected: number, what: string): void =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

test('accuracy, per-label precision/recall/F1, macro F1, confusion and ECE on a hand-worked example', () => {
  const report = computeMetrics({
    gold: ['a', 'a', 'a', 'b', 'b', 'c'],
    predicted: ['a', 'a', 'b', 'b', 'c', 'c'],
    // Bins 13 (0.9), 7 (0.5), 10 (0.7): |2 − 2.7| + |1 − 1.0| + |1 − 0.7| = 1.0 over 6 examples.
    confidence: [0.9, 0.9, 0.9, 0.5, 0.5, 0.7],
  });
  assert.equal(report.examples, 6);
  close(report.accuracy, 4 / 6, 'accuracy');
  assert.deepEqual(report.confusion, {
    labels: ['a', 'b', 'c'],
    matrix: [
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ],
  });
  const expected = { a: [1, 2 / 3, 0.8, 3], b: [0.5, 0.5, 0.5, 2], c: [0.5, 1, 2 / 3, 1] };
  for (const [label, [precision, recall, f1, support]] of Object.entries(expected)) {
    const m = report.perLabel[label]!;
    close(m.precision, precision!, `${label} precision`);
    close(m.recall, recall!, `${label} recall`);
    close(m.f1, f1!, `${label} f1`);
    assert.equal(m.support, support);
  }
  close(report.macroF1, (0.8 + 0.5 + 2 / 3) / 3, 'macroF1');
  close(report.ece, 1 / 6, 'ece');
  assert.equal(report.oos, undefined);
  assert.equal(report.inScopeAccuracy, undefined);
});

test('listed labels fix the matrix order; labels absent from gold score 0 and stay out of macro F1', () => {
  const report = computeMetrics({
    gold: ['b', 'a', 'a'],
    predicted: ['b', 'a', 'z'],
    confidence: [1, 1, 0],
    labels: ['b', 'never', 'a'],
  });
  assert.deepEqual(report.confusion.labels, ['b', 'never', 'a', 'z']);
  assert.deepEqual(report.confusion.matrix[2], [0, 0, 1, 1]);
  assert.deepEqual(report.perLabel['never'], { precision: 0, recall: 0, f1: 0, support: 0 });
  assert.deepEqual(report.perLabel['z'], { precision: 0, recall: 0, f1: 0, support: 0 });
  // b: F1 1; a: P 1, R 0.5, F1 2/3. Confidence 1 and 0 land in the last and first bins, both calibrated.
  close(report.macroF1, (1 + 2 / 3) / 2, 'macroF1');
  close(report.ece, 0, 'ece');
});

test('with an out-of-scope label: flagged predictions count as OOS, in-scope accuracy and OOS detection', () => {
  const report = computeMetrics({
    gold: ['a', 'a', 'b', 'oos', 'oos', 'oos'],
    predicted: ['a', 'a', 'b', 'a', 'oos', 'b'],
    predictedOutOfScope: [false, true, false, true, false, false],
    confidence: [0.6, 0.98, 0.6, 0.6, 0.6, 0.6],
    labels: ['a', 'b'],
    oosLabel: 'oos',
  });
  // Right: 0, 2 (in scope, unflagged), 3 (flagged), 4 (predicts the OOS label). Wrong: 1 (flagged), 5.
  close(report.accuracy, 4 / 6, 'accuracy');
  close(report.inScopeAccuracy, 2 / 3, 'inScopeAccuracy');
  assert.deepEqual(report.confusion, {
    labels: ['a', 'b', 'oos'],
    matrix: [
      [1, 0, 1],
      [0, 1, 0],
      [0, 1, 2],
    ],
  });
  // Detected as OOS: 1, 3, 4, of which 3 and 4 are; of the three OOS examples 3 and 4 are detected.
  close(report.oos?.precision, 2 / 3, 'oos precision');
  close(report.oos?.recall, 2 / 3, 'oos recall');
  // ECE ignores the flag: bin 14 holds example 1 (right, 0.98): 0.02; bin 9 holds three right of five at 0.6: 0.
  close(report.ece, 0.02 / 6, 'ece');
});

test('an OOS label absent from gold adds no OOS figures; without an OOS label the flag is ignored', () => {
  const base = { gold: ['a', 'b'], predicted: ['a', 'b'], predictedOutOfScope: [true, false], confidence: [0.5, 0.5] };
  const withOos = computeMetrics({ ...base, oosLabel: 'oos' });
  assert.equal(withOos.accuracy, 0.5);
  assert.equal(withOos.oos, undefined);
  assert.equal(withOos.inScopeAccuracy, undefined);
  assert.deepEqual(withOos.confusion.labels, ['a', 'b', 'oos']);
  assert.equal(computeMetrics(base).accuracy, 1);
});

test('inputs of different lengths, no examples or a confidence outside [0, 1] are RangeErrors', () => {
  const ok = { gold: ['a', 'b'], predicted: ['a', 'b'], confidence: [0.5, 0.5] };
  assert.throws(() => computeMetrics({ ...ok, predicted: ['a'] }), { name: 'RangeError', message: /predicted has 1 entries for 2/ });
  assert.throws(() => computeMetrics({ ...ok, confidence: [0.5] }), RangeError);
  assert.throws(() => computeMetrics({ ...ok, predictedOutOfScope: [true] }), RangeError);
  assert.throws(() => computeMetrics({ gold: [], predicted: [], confidence: [] }), RangeError);
  assert.throws(() => computeMetrics({ ...ok, confidence: [0.5, Number.NaN] }), /confidence\[1\] = NaN/);
});

// ---- evaluate(): wiring between a Model and computeMetrics ----

const taskModel = (labels: string[], oosLabel: string | null): TaskModel => ({ labels, routes: {}, oosLabel, oosThreshold: 0.5 });

/** A model that answers from a fixed function of the text and records how it was called. */
function fakeModel(tasks: ModelArtifact['tasks'], answer: (text: string) => Classification): Model & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    // evaluate reads only the tasks; the rest of the artifact is irrelevant here.
    artifact: { tasks } as ModelArtifact,
    encoder: {} as Encoder,
    calls,
    async classify(texts) {
      calls.push([...texts]);
      return texts.map(answer);
    },
    async close() {},
  };
}

test('evaluate classifies in chunks of 512 and scores intent label, confidence and OOS flag', async () => {
  const gold = (i: number): string => ['oos', 'a', 'b'][i % 3]!;
  const examples: Example[] = Array.from({ length: 1030 }, (_, i) => ({ text: String(i), label: gold(i) }));
  // Every fifth example goes wrong: an in-scope one gets the other label, an OOS one is not flagged.
  const intent = (i: number) => {
    const wrong = i % 5 === 0;
    const label = gold(i) === 'b' ? (wrong ? 'a' : 'b') : gold(i) === 'a' ? (wrong ? 'b' : 'a') : 'a';
    return { label, confidence: (i % 10) / 10, top: [], outOfScope: gold(i) === 'oos' && !wrong };
  };
  const model = fakeModel({ intent: taskModel(['a', 'b'], 'oos') }, (text) => ({ language: 'en', intent: intent(Number(text)) }));

  const report = await evaluate(model, examples);
  assert.deepEqual(
    model.calls.map((c) => c.length),
    [512, 512, 6],
  );
  assert.deepEqual(
    model.calls.flat(),
    examples.map((e) => e.text),
  );
  const predictions = examples.map((_, i) => intent(i));
  assert.deepEqual(
    report,
    computeMetrics({
      gold: examples.map((e) => e.label),
      predicted: predictions.map((p) => p.label),
      confidence: predictions.map((p) => p.confidence),
      predictedOutOfScope: predictions.map((p) => p.outOfScope),
      labels: ['a', 'b'],
      oosLabel: 'oos',
    }),
  );
  close(report.accuracy, 1 - 206 / 1030, 'accuracy');
  assert.ok(report.oos);
});

test('evaluate reads sentiment label and score, with no out-of-scope notion', async () => {
  const model = fakeModel({ sentiment: taskModel(['positive', 'negative'], 'oos') }, (text) => ({
    language: 'en',
    sentiment: { label: text === 'great' ? 'positive' : 'negative', score: 0.75, probabilities: {} },
  }));
  const report = await evaluate(
    model,
    [
      { text: 'great', label: 'positive' },
      { text: 'awful', label: 'negative' },
    ],
    { task: 'sentiment' },
  );
  assert.equal(report.accuracy, 1);
  close(report.ece, 0.25, 'ece');
  assert.deepEqual(report.confusion.labels, ['positive', 'negative']);
  assert.equal(report.oos, undefined);
});

test('evaluate refuses gold labels the model does not know, and a task the model lacks', async () => {
  const model = fakeModel({ intent: taskModel(['a', 'b'], 'oos') }, () => assert.fail('classify should not run'));
  const unknown = Array.from({ length: 12 }, (_, i) => Array.from({ length: i + 1 }, () => ({ text: 'x', label: `new${i}` }))).flat();
  await assert.rejects(evaluate(model, [{ text: 'x', label: 'a' }, { text: 'y', label: 'oos' }, ...unknown]), (error: Error) => {
    assert.match(error.message, /^unknown labels at eval: the intent model does not know "new11" \(12\), "new10" \(11\)/);
    assert.match(error.message, /"new2" \(3\), and 2 more$/);
    assert.doesNotMatch(error.message, /"new1"|"a"|"oos"/);
    return true;
  });
  await assert.rejects(evaluate(model, [{ text: 'x', label: 'a' }], { task: 'sentiment' }), /no sentiment task \(it has: intent\)/);
});

test('evaluate with allowUnknownLabels scores a label the model does not know as its error', async () => {
  const model = fakeModel({ intent: taskModel(['a', 'b'], null) }, () => ({
    language: 'en',
    intent: { label: 'a', confidence: 0.9, top: [], outOfScope: false },
  }));
  const report = await evaluate(
    model,
    [
      { text: 'x', label: 'a' },
      { text: 'y', label: 'added_since' },
    ],
    { allowUnknownLabels: true },
  );
  assert.equal(report.accuracy, 0.5);
  assert.deepEqual(report.confusion.labels, ['a', 'b', 'added_since']);
  assert.equal(report.perLabel['added_since']!.f1, 0);
  assert.equal(report.perLabel['added_since']!.support, 1);
});
