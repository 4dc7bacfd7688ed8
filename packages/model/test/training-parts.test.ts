import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { routeFeatureRows } from '../src/classifier/features/route-features.ts';
import { fitIdf } from '../src/classifier/features/ngram-features.ts';
import { headLogits, splitHeadLogits } from '../src/classifier/training/fit-head.ts';
import { groupedFolds } from '../src/classifier/training/grouped-folds.ts';
import { headGraph, type LayerShape } from '../src/classifier/training/head-graph.ts';
import { tuneOosThreshold, type HeldOutPrediction } from '../src/classifier/training/oos-threshold.ts';
import { perturb } from '../src/classifier/training/perturb.ts';
import { seededRandom } from '../src/classifier/training/seeded-random.ts';

test('the split (dense + sparse) graph computes the same logits as the dense one', async () => {
  const texts = ['where is my parcel', 'cancel the order please', '我的快递到哪了', 'refund?'];
  const spec = { buckets: 256, wordRange: [1, 2] as [number, number], charRange: [2, 4] as [number, number] };
  const route = { embedding: true, ngrams: { ...spec, idf: fitIdf(texts, spec) }, ngramScale: 1 };
  const random = seededRandom(3);
  const embeddings = texts.map(() => Float32Array.from({ length: 8 }, () => random() - 0.5));
  const rows = routeFeatureRows(route, texts, embeddings, 8);
  const layers: LayerShape[] = [
    { inputs: rows.dim, outputs: 6, activation: 'relu' },
    { inputs: 6, outputs: 3, activation: 'none' },
  ];
  const params = layers.map((l) => ({
    weights: Float32Array.from({ length: l.inputs * l.outputs }, () => random() - 0.5),
    bias: Float32Array.from({ length: l.outputs }, () => random() - 0.5),
  }));
  const options = { logSeverityLevel: 3 as const };
  const dense = await ort.InferenceSession.create(headGraph(layers, 'infer'), options);
  const split = await ort.InferenceSession.create(headGraph(layers, 'infer', undefined, { denseInputs: 8 }), options);
  const expected = await headLogits(dense, layers, params, rows);
  const actual = await splitHeadLogits(split, layers, params, rows);
  expected.forEach((value, i) => assert.ok(Math.abs(value - actual[i]!) < 1e-4, `logit ${i}: ${value} vs ${actual[i]}`));
  await Promise.all([dense.release(), split.release()]);
});

test('near-duplicates share a fold, and adding an example moves no other', () => {
  const texts = [
    'I want to cancel my order',
    'i want to cancel my order!!',
    'I want to cancel my orders',
    'where is my package',
    'track the parcel I sent',
    'what is the status of my delivery',
    'has it shipped yet',
  ];
  const labels = ['cancel', 'cancel', 'cancel', 'track', 'track', 'track', 'track'];
  const { fold: folds } = groupedFolds(texts, labels, 4, 1);
  assert.equal(folds[0], folds[1]);
  assert.equal(folds[0], folds[2]);
  assert.deepEqual(Array.from(groupedFolds(texts, labels, 4, 1).groupSize), [3, 3, 3, 1, 1, 1, 1]);
  const { fold: more } = groupedFolds([...texts, 'cancel it now'], [...labels, 'cancel'], 4, 1);
  assert.deepEqual(Array.from(more.subarray(0, texts.length)), Array.from(folds));
});

test('noisy copies are deterministic, differ from the text, and keep Chinese Chinese', () => {
  const text = 'Where is my refund? I returned the jacket last week.';
  assert.equal(perturb(text, 1), perturb(text, 1));
  const copies = new Set(Array.from({ length: 10 }, (_, seed) => perturb(text, seed)));
  assert.ok(copies.size >= 8, [...copies].join(' | '));
  assert.ok(![...copies].includes(text));
  assert.match(perturb('我的退款什么时候能到账啊', 2), /\p{Script=Han}{6}/u);
});

test('the out-of-scope threshold trades answers against false accepts, and without negatives keeps 99% of right answers', () => {
  const p = (confidence: number, inScope: boolean, correct = true): HeldOutPrediction => ({
    confidence,
    inScope,
    correct,
    predictedOutOfScope: false,
  });
  // In scope: confident and right. Out of scope: answered, but never above 0.4.
  const data = [
    ...Array.from({ length: 50 }, (_, i) => p(0.5 + i / 100, true)),
    ...Array.from({ length: 50 }, (_, i) => p(0.1 + i / 200, false, false)),
  ];
  const threshold = tuneOosThreshold(data);
  assert.ok(threshold > 0.34 && threshold <= 0.5, `threshold ${threshold}`);
  const onlyInScope = Array.from({ length: 200 }, (_, i) => p(i / 200, true));
  assert.equal(tuneOosThreshold(onlyInScope), 0.01);
});
