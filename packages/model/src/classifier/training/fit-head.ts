import * as ort from 'onnxruntime-node';
import { AdamW } from './adam.ts';
import { headGraph, type LayerShape } from './head-graph.ts';
import { seededRandom, shuffleInPlace } from './seeded-random.ts';

/** Rows of a feature matrix, materialised one mini-batch at a time (the n-gram block is sparse and wide). */
export interface FeatureRows {
  readonly count: number;
  readonly dim: number;
  /** Writes row `row` into `out` (length dim, already zeroed). */
  fill(row: number, out: Float32Array): void;
}

export interface LabelledRows {
  features: FeatureRows;
  /** Class index per row. */
  labels: Int32Array;
}

/** Two row sets as one, the second after the first. */
export function concatRows(a: FeatureRows, b: FeatureRows): FeatureRows {
  return {
    count: a.count + b.count,
    dim: a.dim,
    fill: (row, out) => (row < a.count ? a.fill(row, out) : b.fill(row - a.count, out)),
  };
}

export interface FitOptions {
  layers: LayerShape[];
  seed: number;
  classWeights: Float32Array;
  maxEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  weightDecay?: number;
  /** Epochs without a better validation loss before stopping. */
  patience?: number;
  /** Return the last epoch's parameters rather than the best by validation loss (for a refit on all data). */
  keepLast?: boolean;
  onEpoch?: (epoch: number, validation: { loss: number; accuracy: number }) => void;
}

export interface FittedHead {
  params: Array<{ weights: Float32Array; bias: Float32Array }>;
  epochs: number;
  bestEpoch: number;
  /** Validation logits of the best epoch, row-major [rows, classes]. */
  validationLogits: Float32Array;
  validationLoss: number;
}

/**
 * Small mini-batches run on one thread: such a step is too small to pay for waking a thread pool, and pool
 * threads spinning against other busy processes made training slower (demo sentiment set, batch 16, at load
 * 4–6: 10.4 / 8.7 s with two threads, 7.3 / 4.9 s with one). Large batches (Banking77's 256) keep every core.
 */
const sessionOptions = (batchSize: number): ort.InferenceSession.SessionOptions => ({
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
  ...(batchSize < 128 ? { intraOpNumThreads: 1 } : {}),
});

function initialParams(layers: LayerShape[], random: () => number) {
  return layers.map((l) => {
    // Glorot-uniform weights, zero biases.
    const limit = Math.sqrt(6 / (l.inputs + l.outputs));
    const weights = Float32Array.from({ length: l.inputs * l.outputs }, () => (random() * 2 - 1) * limit);
    return { weights, bias: new Float32Array(l.outputs) };
  });
}

function paramFeeds(layers: LayerShape[], params: FittedHead['params']): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  layers.forEach((l, i) => {
    feeds[`w${i}`] = new ort.Tensor('float32', params[i]!.weights, [l.inputs, l.outputs]);
    feeds[`b${i}`] = new ort.Tensor('float32', params[i]!.bias, [l.outputs]);
  });
  return feeds;
}

/** Logits for every row, computed in chunks. */
export async function headLogits(
  session: ort.InferenceSession,
  layers: LayerShape[],
  /** The parameters to feed; undefined for a graph that has them baked in (HeadRuntime). */
  params: FittedHead['params'] | undefined,
  rows: FeatureRows,
): Promise<Float32Array> {
  const classes = layers.at(-1)!.outputs;
  const out = new Float32Array(rows.count * classes);
  // Sized to the rows at hand: a chat message is one row, and a 512-row buffer of a wide n-gram feature space
  // (megabytes, zeroed) cost more than the network itself.
  const chunk = Math.min(512, rows.count);
  const x = new Float32Array(chunk * rows.dim);
  const weights = params ? paramFeeds(layers, params) : {};
  for (let start = 0; start < rows.count; start += chunk) {
    const n = Math.min(chunk, rows.count - start);
    x.fill(0, 0, n * rows.dim);
    for (let r = 0; r < n; r++) rows.fill(start + r, x.subarray(r * rows.dim, (r + 1) * rows.dim));
    const result = await session.run({ ...weights, x: new ort.Tensor('float32', x.subarray(0, n * rows.dim), [n, rows.dim]) });
    out.set(result['logits']!.data as Float32Array, start * classes);
  }
  return out;
}

/** Mean negative log-likelihood and accuracy of logits (optionally divided by a temperature). */
export function scoreLogits(
  logits: Float32Array,
  labels: Int32Array,
  classes: number,
  temperature = 1,
): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < labels.length; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    let max = -Infinity;
    let argmax = 0;
    for (let c = 0; c < classes; c++) if (row[c]! > max) [max, argmax] = [row[c]!, c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((row[c]! - max) / temperature);
    loss -= (row[labels[r]!]! - max) / temperature - Math.log(sum);
    if (argmax === labels[r]) correct++;
  }
  return { loss: loss / labels.length, accuracy: correct / labels.length };
}

/**
 * Trains a dense softmax head with mini-batch AdamW, class-weighted cross-entropy and early stopping on
 * validation loss; returns the parameters of the best epoch. Deterministic for a given seed.
 */
export async function fitHead(train: LabelledRows, validation: LabelledRows, options: FitOptions): Promise<FittedHead> {
  const { layers, classWeights } = options;
  const maxEpochs = options.maxEpochs ?? 40;
  const batchSize = options.batchSize ?? 64;
  const patience = options.patience ?? 3;
  const classes = layers.at(-1)!.outputs;
  const dim = train.features.dim;
  const random = seededRandom(options.seed);
  const params = initialParams(layers, random);
  const optimizer = new AdamW(
    params.flatMap((p) => [p.weights, p.bias]),
    {
      learningRate: options.learningRate ?? 2e-3,
      weightDecay: options.weightDecay ?? 1e-4,
    },
  );
  const decay = params.flatMap(() => [true, false]);
  const [trainSession, inferSession] = await Promise.all([
    ort.InferenceSession.create(headGraph(layers, 'train'), sessionOptions(batchSize)),
    ort.InferenceSession.create(headGraph(layers, 'infer'), sessionOptions(batchSize)),
  ]);

  const x = new Float32Array(batchSize * dim);
  const targets = new Float32Array(batchSize * classes);
  const weights = new Float32Array(batchSize);
  const order = Array.from({ length: train.features.count }, (_, i) => i);
  let best: FittedHead | undefined;
  let sinceBest = 0;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= maxEpochs; epoch++) {
      shuffleInPlace(order, random);
      for (let start = 0; start < order.length; start += batchSize) {
        const n = Math.min(batchSize, order.length - start);
        x.fill(0, 0, n * dim);
        targets.fill(0, 0, n * classes);
        let total = 0;
        for (let r = 0; r < n; r++) {
          const row = order[start + r]!;
          const label = train.labels[row]!;
          train.features.fill(row, x.subarray(r * dim, (r + 1) * dim));
          targets[r * classes + label] = 1;
          weights[r] = classWeights[label]!;
          total += weights[r]!;
        }
        for (let r = 0; r < n; r++) weights[r]! /= total;
        const result = await trainSession.run({
          ...paramFeeds(layers, params),
          x: new ort.Tensor('float32', x.subarray(0, n * dim), [n, dim]),
          targets: new ort.Tensor('float32', targets.subarray(0, n * classes), [n, classes]),
          weights: new ort.Tensor('float32', weights.subarray(0, n), [n]),
        });
        optimizer.update(
          layers.flatMap((_, i) => [result[`dw${i}`]!.data as Float32Array, result[`db${i}`]!.data as Float32Array]),
          decay,
        );
      }
      const logits = await headLogits(inferSession, layers, params, validation.features);
      const score = scoreLogits(logits, validation.labels, classes);
      options.onEpoch?.(epoch, score);
      if (!best || score.loss < best.validationLoss || options.keepLast) {
        best = {
          params: params.map((p) => ({ weights: p.weights.slice(), bias: p.bias.slice() })),
          epochs: epoch,
          bestEpoch: epoch,
          validationLogits: logits,
          validationLoss: score.loss,
        };
        sinceBest = 0;
      } else if (++sinceBest >= patience) break;
    }
  } finally {
    await Promise.all([trainSession.release(), inferSession.release()]);
  }
  return { ...best!, epochs: Math.min(epoch, maxEpochs) };
}
