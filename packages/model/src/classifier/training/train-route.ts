import type { NgramSpec, RouteHead } from '../artifact-schema.ts';
import { routeFeatureRows } from '../features/route-features.ts';
import { fitIdf } from '../features/ngram-features.ts';
import { softmaxRows } from '../head-runtime.ts';
import type { Language } from '../types.ts';
import { featureDim } from '../features/route-features.ts';
import { concatRows, fitHead, pickRows, scoreHead, type FeatureRows, type FitOptions, type FittedHead } from './fit-head.ts';
import { groupedFolds } from './grouped-folds.ts';
import { hashString } from './seeded-random.ts';
import type { LayerShape } from './head-graph.ts';
import { fitTemperature } from './temperature.ts';
import { canWarmStart, warmMember } from './warm-start.ts';

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
 * Below this many examples a route is cross-fitted: the examples (training and validation together) fall into
 * CROSS_FIT_FOLDS folds that keep near-duplicates together, one member is trained per fold on the others with
 * early stopping on its own fold, and the shipped head averages the members. Every example then has a
 * prediction from a member that never saw it, so the temperature and thresholds are fitted on held-out
 * predictions of the model that ships, over all the data, and one added or corrected example barely moves
 * them. A small domain also gains from every example training three of the four members. Larger sets train
 * one head and calibrate it on their validation split, which is held out from that same head.
 */
const CROSS_FIT_BELOW = 8_000;

/** Whether a route with this many training and validation examples is cross-fitted (then all of them get noisy copies). */
export const crossFits = (train: number, validation: number): boolean => train + validation < CROSS_FIT_BELOW && validation > 0;
const CROSS_FIT_FOLDS = 4;
const MIN_CALIBRATION_EXAMPLES = 50;
const MAX_EPOCHS = 40;
/**
 * A warm-started fit: one epoch at a fraction of the learning rate. It begins next to its optimum: on the demo
 * bot a second epoch made the held-out loss worse in 16 of 20 fits, and at the full rate Adam's first steps
 * (each weight moves by about the rate whatever its gradient) knocked it off for an epoch. One epoch learns what
 * changed: corrections are answered as a cold run answers them (scripts/profile-demo-train.ts in apps/bot).
 */
const WARM = { epochs: 1, learningRate: 0.3 };

/** Epochs a fit usually runs before early stopping ends it (5–11 on the demo bot), out of MAX_EPOCHS. */
export const TYPICAL_EPOCHS = 8;
/**
 * What training a route's head costs, in train()'s cost units (roughly a millisecond on two cores), measured on the
 * demo bot: `row` per example for its features and calibration, `rowEpoch` per training row and epoch.
 */
const ROUTE_COST: Record<Language, { row: number; rowEpoch: number }> = {
  en: { row: 0.7, rowEpoch: 0.25 },
  zh: { row: 0.5, rowEpoch: 0.15 },
};

/** The expected cost of trainRoute() on this many examples: its setup, and each of its `fits` fits. */
export function routeCost(language: Language, train: number, validation: number): { setup: number; fit: number; fits: number } {
  const crossFit = crossFits(train, validation);
  // A cross-fitted member trains on the other folds' rows and their noisy copies.
  const rows = crossFit ? ((train + validation) * (CROSS_FIT_FOLDS - 1) * 2) / CROSS_FIT_FOLDS : train;
  const cost = ROUTE_COST[language];
  return { setup: (train + validation) * cost.row, fit: rows * TYPICAL_EPOCHS * cost.rowEpoch, fits: crossFit ? CROSS_FIT_FOLDS : 1 };
}

export interface RouteData {
  texts: string[];
  /** Embeddings aligned with texts (only read when the recipe uses them). */
  embeddings: ReadonlyArray<Float32Array | undefined>;
  labels: string[];
  /** A noisy copy of each text (perturb()), with its embedding: held-out scoring on traffic-like text. */
  noisy?: { texts: string[]; embeddings: ReadonlyArray<Float32Array | undefined> };
}

/** Held-out predictions of the shipped head, calibrated, over head.labels, row-major. */
export interface HeldOutScores {
  labels: string[];
  probabilities: Float32Array;
  /** The same examples' noisy copies, when the data had them. */
  noisyProbabilities?: Float32Array;
}

export interface TrainedRoute {
  head: RouteHead;
  heldOut: HeldOutScores;
  epochs: number;
  /** Whether the fits started from the live head's members. */
  warmStarted: boolean;
}

interface Rows {
  features: FeatureRows;
  noisy: FeatureRows | undefined;
  labels: Int32Array;
  weights?: Float32Array;
  keys?: Uint32Array;
}

/**
 * Trains one route's head: fits the n-gram IDF, trains softmax heads with class weights and early stopping on
 * held-out loss (cross-fitted below CROSS_FIT_BELOW examples), then fits a temperature on held-out logits.
 */
export async function trainRoute(args: {
  language: Language;
  train: RouteData;
  validation: RouteData;
  embeddingDim: number;
  seed: number;
  head: HeadKind;
  /** After each epoch of each fit; `fit` counts from 1 to `fits` (the cross-fitted members, else 1). */
  onEpoch?: (epoch: number, maxEpochs: number, fit: { fit: number; fits: number }) => void;
  /** The live model's head for this route: its members seed the fits when it has the same shape (canWarmStart). */
  warm?: RouteHead | undefined;
}): Promise<TrainedRoute> {
  const recipe = ROUTE_RECIPES[args.language];
  const labels = [...new Set(args.train.labels)].sort();
  if (labels.length < 2) throw new Error(`the ${args.language} examples have only one label (${labels[0]}); a head needs at least two`);
  const index = new Map(labels.map((l, i) => [l, i]));
  // Validation examples of labels this route never trained on cannot be scored by its head.
  const validation = keepRows(args.validation, (label) => index.has(label));
  const crossFit = crossFits(args.train.labels.length, args.validation.labels.length);
  const idfTexts = crossFit ? [...args.train.texts, ...validation.texts] : args.train.texts;
  const ngrams: NgramSpec = { ...recipe.ngrams, idf: fitIdf(idfTexts, recipe.ngrams) };
  const shape = { embedding: recipe.embedding, ngrams, ngramScale: recipe.ngramScale };
  const rowsOf = (data: RouteData): Rows => ({
    features: routeFeatureRows(shape, data.texts, data.embeddings, args.embeddingDim),
    noisy: data.noisy && routeFeatureRows(shape, data.noisy.texts, data.noisy.embeddings, args.embeddingDim),
    labels: Int32Array.from(data.labels, (l) => index.get(l)!),
    keys: Uint32Array.from(data.texts, (text, i) => hashString(`${text}\u0000${data.labels[i]}`)),
  });

  const { hidden, learningRate } = HEADS[args.head];
  const dim = featureDim(shape, args.embeddingDim);
  const layers: LayerShape[] =
    hidden > 0
      ? [
          { inputs: dim, outputs: hidden, activation: 'relu' },
          { inputs: hidden, outputs: labels.length, activation: 'none' },
        ]
      : [{ inputs: dim, outputs: labels.length, activation: 'none' }];
  const fits = crossFit ? CROSS_FIT_FOLDS : 1;
  const folds = crossFit ? { count: CROSS_FIT_FOLDS, seed: args.seed } : undefined;
  const warm = args.warm && canWarmStart(args.warm, { language: args.language, labels, folds, ...shape }, layers) ? args.warm : undefined;
  const settings = (trainLabels: Int32Array, seed: number, rowWeights?: Float32Array, fit = 0): FitOptions => ({
    layers,
    seed,
    initial: warm && ((fresh) => warmMember(warm, labels, fit, fresh)),
    classWeights: balancedWeights(trainLabels, labels.length, rowWeights),
    maxEpochs: warm ? WARM.epochs : MAX_EPOCHS,
    // About 32 steps an epoch, so small domains still converge within the epoch budget.
    batchSize: Math.min(256, Math.max(16, Math.round(trainLabels.length / 32))),
    learningRate: warm ? learningRate * WARM.learningRate : learningRate,
    onEpoch: (epoch) => args.onEpoch?.(epoch, warm ? WARM.epochs : MAX_EPOCHS, { fit: fit + 1, fits }),
  });

  // In a fixed order (by text), so that a route's model does not depend on how the examples arrived or were split.
  const all = canonicalOrder(concatData(args.train, validation));
  const fitted = crossFit
    ? await crossFitHeads(all.texts, rowsOf(all), labels.length, args.seed, settings, layers)
    : await singleHead(rowsOf(args.train), rowsOf(validation), args.seed, settings, layers);
  // A few dozen held-out examples cannot pin a temperature down (a perfect score drives it to the bound).
  const calibration = fitted.noisyLogits ? concatFloats(fitted.logits, fitted.noisyLogits) : fitted.logits;
  const calibrationLabels = fitted.noisyLogits ? Int32Array.from([...fitted.labels, ...fitted.labels]) : fitted.labels;
  const temperature = fitted.labels.length >= MIN_CALIBRATION_EXAMPLES ? fitTemperature(calibration, calibrationLabels, labels.length) : 1;
  const head: RouteHead = {
    language: args.language,
    labels,
    ...shape,
    layers: mergeMembers(layers, fitted.members).layers,
    temperature,
    ...(folds && { folds }),
  };
  return {
    head,
    heldOut: {
      labels: Array.from(fitted.labels, (i) => labels[i]!),
      probabilities: softmaxRows(fitted.logits, labels.length, temperature),
      ...(fitted.noisyLogits && { noisyProbabilities: softmaxRows(fitted.noisyLogits, labels.length, temperature) }),
    },
    epochs: fitted.epochs,
    warmStarted: warm !== undefined,
  };
}

interface FittedMembers {
  members: FittedHead['params'][];
  /** Held-out logits per example, and of its noisy copy, each from a member that never trained on it. */
  logits: Float32Array;
  noisyLogits: Float32Array | undefined;
  labels: Int32Array;
  epochs: number;
}

type Settings = (trainLabels: Int32Array, seed: number, rowWeights?: Float32Array, fit?: number) => FitOptions;

async function singleHead(train: Rows, validation: Rows, seed: number, settings: Settings, layers: LayerShape[]): Promise<FittedMembers> {
  // Shuffled, not ordered by keys: a large set's calibration is steady without it, and on CLINC150 the keyed
  // order cost 0.7 pt of in-scope accuracy in the one run measured.
  const fitted = await fitHead({ ...train, keys: undefined }, validation, settings(train.labels, seed));
  const noisyLogits = validation.noisy && (await scoreHead(layers, fitted.params, validation.noisy));
  return { members: [fitted.params], logits: fitted.validationLogits, noisyLogits, labels: validation.labels, epochs: fitted.epochs };
}

async function crossFitHeads(
  texts: readonly string[],
  all: Rows,
  classes: number,
  seed: number,
  settings: Settings,
  layers: LayerShape[],
): Promise<FittedMembers> {
  const { fold: folds, groupSize } = groupedFolds(texts, Array.from(all.labels, String), CROSS_FIT_FOLDS, seed);
  // Each example of a near-duplicate group of n weighs 1/√n: a template's hundred variants count for more than
  // one sentence, but not a hundred times more (demo, realistic English answered right: 77.8 → 78.7 %).
  const rowWeights = Float32Array.from(groupSize, (size) => 1 / Math.sqrt(size));
  const logits = new Float32Array(all.labels.length * classes);
  const noisyLogits = all.noisy ? new Float32Array(all.labels.length * classes) : undefined;
  const members: FittedHead['params'][] = [];
  let epochs = 0;
  for (let k = 0; k < CROSS_FIT_FOLDS; k++) {
    const held = indicesWhere(folds, (f) => f === k);
    const rest = indicesWhere(folds, (f) => f !== k);
    if (held.length === 0 || rest.length === 0) continue;
    const pick = (rows: Int32Array): Rows => ({
      features: pickRows(all.features, rows),
      noisy: all.noisy && pickRows(all.noisy, rows),
      labels: Int32Array.from(rows, (i) => all.labels[i]!),
      weights: Float32Array.from(rows, (i) => rowWeights[i]!),
      keys: Uint32Array.from(rows, (i) => all.keys![i]!),
    });
    const [train, heldOut] = [pick(rest), pick(held)];
    // Members also learn from the noisy copies of their training rows: typos and missing punctuation are what
    // traffic has and templated examples lack. A held-out row's copy stays held out with it.
    const augmented: Rows = train.noisy
      ? {
          features: concatRows(train.features, train.noisy),
          noisy: undefined,
          labels: Int32Array.from([...train.labels, ...train.labels]),
          weights: Float32Array.from([...train.weights!, ...train.weights!]),
          // A noisy copy's key differs from its original's, so the two land in different places of an epoch.
          keys: Uint32Array.from([...train.keys!, ...Array.from(train.keys!, (key) => (key ^ 0x9e3779b9) >>> 0)]),
        }
      : train;
    const fitted = await fitHead(augmented, { ...heldOut, weights: undefined }, settings(augmented.labels, seed + k, augmented.weights, k));
    members.push(fitted.params);
    epochs = Math.max(epochs, fitted.epochs);
    scatterRows(logits, fitted.validationLogits, held, classes);
    if (noisyLogits && heldOut.noisy) scatterRows(noisyLogits, await scoreHead(layers, fitted.params, heldOut.noisy), held, classes);
  }
  return { members, logits, noisyLogits, labels: all.labels, epochs };
}
/** Balanced class weights: every label carries the same total weight, however many examples (or row weight) it has. */
function balancedWeights(labels: Int32Array, classes: number, rowWeights?: Float32Array): Float32Array {
  const totals = new Float32Array(classes);
  labels.forEach((l, i) => (totals[l]! += rowWeights?.[i] ?? 1));
  const sum = totals.reduce((a, b) => a + b, 0);
  return Float32Array.from(totals, (t) => (t === 0 ? 0 : sum / (classes * t)));
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

function keepRows(data: RouteData, keep: (label: string) => boolean): RouteData {
  const rows = data.labels.flatMap((label, i) => (keep(label) ? [i] : []));
  return {
    texts: rows.map((i) => data.texts[i]!),
    embeddings: rows.map((i) => data.embeddings[i]),
    labels: rows.map((i) => data.labels[i]!),
    ...(data.noisy && { noisy: { texts: rows.map((i) => data.noisy!.texts[i]!), embeddings: rows.map((i) => data.noisy!.embeddings[i]) } }),
  };
}

function concatData(a: RouteData, b: RouteData): RouteData {
  return {
    texts: [...a.texts, ...b.texts],
    embeddings: [...a.embeddings, ...b.embeddings],
    labels: [...a.labels, ...b.labels],
    ...(a.noisy &&
      b.noisy && { noisy: { texts: [...a.noisy.texts, ...b.noisy.texts], embeddings: [...a.noisy.embeddings, ...b.noisy.embeddings] } }),
  };
}

function canonicalOrder(data: RouteData): RouteData {
  const order = data.texts
    .map((text, i) => [hashString(`${text}\u0000${data.labels[i]}`), i] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const pick = <T>(values: ReadonlyArray<T>) => order.map(([, i]) => values[i]!);
  return {
    texts: pick(data.texts),
    embeddings: order.map(([, i]) => data.embeddings[i]),
    labels: pick(data.labels),
    ...(data.noisy && { noisy: { texts: pick(data.noisy.texts), embeddings: order.map(([, i]) => data.noisy!.embeddings[i]) } }),
  };
}

function concatFloats(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function indicesWhere(values: Int32Array, test: (value: number) => boolean): Int32Array {
  const out: number[] = [];
  values.forEach((v, i) => test(v) && out.push(i));
  return Int32Array.from(out);
}

function scatterRows(target: Float32Array, rows: Float32Array, at: Int32Array, width: number): void {
  at.forEach((row, k) => target.set(rows.subarray(k * width, (k + 1) * width), row * width));
}
