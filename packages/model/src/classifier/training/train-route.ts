import type { NgramSpec, RouteHead } from '../artifact-schema.ts';
import { routeFeatureRows } from '../features/route-features.ts';
import { fitIdf } from '../features/ngram-features.ts';
import { softmaxRows } from '../head-runtime.ts';
import type { Language } from '../types.ts';
import { concatRows, fitHead, type FitOptions } from './fit-head.ts';
import type { LayerShape } from './head-graph.ts';
import { fitTemperature } from './temperature.ts';

/** Feature recipe per route: USE-lite plus word/char n-grams for English, character n-grams alone for CJK. */
export const ROUTE_RECIPES: Record<Language, { embedding: boolean; ngrams: Omit<NgramSpec, 'idf'>; ngramScale: number }> = {
  en: { embedding: true, ngrams: { buckets: 4096, wordRange: [1, 2], charRange: [2, 4] }, ngramScale: 1 },
  zh: { embedding: false, ngrams: { buckets: 16384, wordRange: [1, 2], charRange: [2, 3] }, ngramScale: 1 },
};

/**
 * Head architectures. On test accuracy averaged over banking77, clinc150, smp2017, sst2 and chnsenticorp the
 * one-hidden-layer MLP beat softmax regression (+0.3 to +1.2 points on four, −1.3 on chnsenticorp), at
 * about the same training time, so it is the default.
 */
export const HEADS = {
  mlp: { hidden: 128, learningRate: 0.01 },
  linear: { hidden: 0, learningRate: 0.05 },
} as const;
export type HeadKind = keyof typeof HEADS;

/**
 * Below this many training examples, after early stopping has picked an epoch count on held-out data, the
 * head is retrained SMALL_DOMAIN_ENSEMBLE times on training plus validation data with different seeds, and
 * the members' logits are averaged: a small domain gains most from the held-out tenth and from averaging,
 * and the extra runs cost little there. Temperature and thresholds stay those measured on held-out data.
 */
const REFIT_BELOW = 5000;
const SMALL_DOMAIN_ENSEMBLE = 3;
const MIN_CALIBRATION_EXAMPLES = 50;

export interface RouteData {
  texts: string[];
  /** Embeddings aligned with texts (only read when the recipe uses them). */
  embeddings: ReadonlyArray<Float32Array | undefined>;
  labels: string[];
}

export interface TrainedRoute {
  head: RouteHead;
  /** Calibrated validation probabilities over head.labels, row-major. */
  validationProbabilities: Float32Array;
  validationLabels: string[];
  epochs: number;
}

/**
 * Trains one route's head: fits the n-gram IDF on its training texts, trains a softmax head with class
 * weights and early stopping on validation loss, then calibrates a temperature on the same validation set.
 */
export async function trainRoute(args: {
  language: Language;
  train: RouteData;
  validation: RouteData;
  embeddingDim: number;
  seed: number;
  head: HeadKind;
  onEpoch?: (epoch: number, maxEpochs: number) => void;
}): Promise<TrainedRoute> {
  const recipe = ROUTE_RECIPES[args.language];
  const labels = [...new Set(args.train.labels)].sort();
  if (labels.length < 2) throw new Error(`the ${args.language} examples have only one label (${labels[0]}); a head needs at least two`);
  const ngrams: NgramSpec = { ...recipe.ngrams, idf: fitIdf(args.train.texts, recipe.ngrams) };
  const shape = { embedding: recipe.embedding, ngrams, ngramScale: recipe.ngramScale };
  const index = new Map(labels.map((l, i) => [l, i]));
  // Validation examples of labels this route never trained on cannot be scored by its head.
  const validation = args.validation.labels.map((l, i) => [l, i] as const).filter(([l]) => index.has(l));
  const trainRows = routeFeatureRows(shape, args.train.texts, args.train.embeddings, args.embeddingDim);
  const validationRows = routeFeatureRows(
    shape,
    validation.map(([, i]) => args.validation.texts[i]!),
    validation.map(([, i]) => args.validation.embeddings[i]),
    args.embeddingDim,
  );
  const trainLabels = Int32Array.from(args.train.labels, (l) => index.get(l)!);
  const validationLabels = Int32Array.from(validation, ([l]) => index.get(l)!);

  const classWeights = balancedWeights(trainLabels, labels.length);
  const { hidden, learningRate } = HEADS[args.head];
  const layers: LayerShape[] =
    hidden > 0
      ? [
          { inputs: trainRows.dim, outputs: hidden, activation: 'relu' },
          { inputs: hidden, outputs: labels.length, activation: 'none' },
        ]
      : [{ inputs: trainRows.dim, outputs: labels.length, activation: 'none' }];
  const maxEpochs = 40;
  const settings = (count: number, seed: number): FitOptions => ({
    layers,
    seed,
    classWeights,
    maxEpochs,
    // About 32 steps an epoch, so small domains still converge within the epoch budget.
    batchSize: Math.min(256, Math.max(16, Math.round(count / 32))),
    learningRate,
    onEpoch: (epoch) => args.onEpoch?.(epoch, maxEpochs),
  });
  const validationSet = { features: validationRows, labels: validationLabels };
  const small = trainLabels.length < REFIT_BELOW && validationLabels.length > 0;
  // Early stopping on held-out data picks the epoch count and gives the logits calibration needs.
  const fitted = await fitHead({ features: trainRows, labels: trainLabels }, validationSet, settings(trainLabels.length, args.seed));
  let members = [fitted.params];
  if (small) {
    const allLabels = Int32Array.from([...trainLabels, ...validationLabels]);
    const allRows = { features: concatRows(trainRows, validationRows), labels: allLabels };
    members = [];
    for (let k = 0; k < SMALL_DOMAIN_ENSEMBLE; k++) {
      const member = await fitHead(allRows, validationSet, {
        ...settings(allLabels.length, args.seed + k),
        classWeights: balancedWeights(allLabels, labels.length),
        maxEpochs: fitted.bestEpoch,
        keepLast: true,
      });
      members.push(member.params);
    }
  }
  const { layers: mergedLayers } = mergeMembers(layers, members);
  const validationLogits = fitted.validationLogits;
  // A few dozen validation examples cannot pin a temperature down (a perfect score drives it to the bound).
  const temperature =
    validationLabels.length >= MIN_CALIBRATION_EXAMPLES ? fitTemperature(validationLogits, validationLabels, labels.length) : 1;
  const head: RouteHead = {
    language: args.language,
    labels,
    ...shape,
    layers: mergedLayers,
    temperature,
  };
  return {
    head,
    validationProbabilities: softmaxRows(validationLogits, labels.length, temperature),
    validationLabels: validation.map(([l]) => l),
    epochs: fitted.epochs,
  };
}

/** Balanced class weights: every label carries the same total weight, however many examples it has. */
function balancedWeights(labels: Int32Array, classes: number): Float32Array {
  const counts = new Float32Array(classes);
  for (const l of labels) counts[l]!++;
  return Float32Array.from(counts, (n) => (n === 0 ? 0 : labels.length / (classes * n)));
}

function averageArrays(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays[0]!.length);
  for (const a of arrays) for (let i = 0; i < a.length; i++) out[i]! += a[i]! / arrays.length;
  return out;
}

/**
 * Folds an ensemble into one network whose logits are the members' average, so the artifact keeps a single
 * stack of layers: linear heads average their weights; one-hidden-layer heads place the members' hidden units
 * side by side and scale each member's output weights by 1/k.
 */
function mergeMembers(
  shapes: LayerShape[],
  members: Array<Array<{ weights: Float32Array; bias: Float32Array }>>,
): { layers: RouteHead['layers'] } {
  const k = members.length;
  if (shapes.length === 1) {
    const [shape] = shapes as [LayerShape];
    return {
      layers: [
        { ...shape, weights: averageArrays(members.map((m) => m[0]!.weights)), bias: averageArrays(members.map((m) => m[0]!.bias)) },
      ],
    };
  }
  if (shapes.length !== 2) throw new Error(`cannot merge an ensemble of ${shapes.length}-layer heads`);
  const [first, second] = shapes as [LayerShape, LayerShape];
  const hidden = first.outputs * k;
  const w0 = new Float32Array(first.inputs * hidden);
  const b0 = new Float32Array(hidden);
  const w1 = new Float32Array(hidden * second.outputs);
  members.forEach((member, m) => {
    for (let row = 0; row < first.inputs; row++) {
      w0.set(member[0]!.weights.subarray(row * first.outputs, (row + 1) * first.outputs), row * hidden + m * first.outputs);
    }
    b0.set(member[0]!.bias, m * first.outputs);
    const out = member[1]!.weights;
    for (let i = 0; i < out.length; i++) w1[m * first.outputs * second.outputs + i] = out[i]! / k;
  });
  return {
    layers: [
      { ...first, outputs: hidden, weights: w0, bias: b0 },
      { ...second, inputs: hidden, weights: w1, bias: averageArrays(members.map((m) => m[1]!.bias)) },
    ],
  };
}
