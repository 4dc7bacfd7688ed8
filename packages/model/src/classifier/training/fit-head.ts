import * as ort from 'onnxruntime-node';
import { AdamW } from './adam.ts';
import { headGraph, type LayerShape } from './head-graph.ts';
import { mixInt, seededRandom, shuffleInPlace } from './seeded-random.ts';

/**
 * Rows of a feature matrix: a dense block (the sentence embedding, `denseDim` wide, possibly empty) followed by
 * a wide sparse block (hashed n-grams). Training reads the two blocks apart; inference fills whole rows.
 */
export interface FeatureRows {
  readonly count: number;
  readonly dim: number;
  readonly denseDim: number;
  /** Writes row `row` into `out` (length dim, already zeroed). */
  fill(row: number, out: Float32Array): void;
  /** Writes the dense block of row `row` into `out` (length denseDim). */
  fillDense(row: number, out: Float32Array): void;
  /** The sparse block of row `row`: column indices relative to the block's start, with their values. */
  sparse(row: number): { indices: Int32Array; values: Float32Array };
}

export interface LabelledRows {
  features: FeatureRows;
  /** Class index per row. */
  labels: Int32Array;
  /** A weight per row on top of its class weight; 1 when absent. */
  weights?: Float32Array | undefined;
  /**
   * A stable key per row (a hash of its text). With keys, each epoch orders the rows by a hash of key and epoch
   * instead of a shuffle: one row more or less then leaves every other row's place in the order as it was, so a
   * model retrained after one correction takes nearly the same steps.
   */
  keys?: Uint32Array | undefined;
}

/** Two row sets as one, the second after the first. */
export function concatRows(a: FeatureRows, b: FeatureRows): FeatureRows {
  const at = <T>(row: number, first: (r: number) => T, second: (r: number) => T) => (row < a.count ? first(row) : second(row - a.count));
  return {
    count: a.count + b.count,
    dim: a.dim,
    denseDim: a.denseDim,
    fill: (row, out) =>
      at(
        row,
        (r) => a.fill(r, out),
        (r) => b.fill(r, out),
      ),
    fillDense: (row, out) =>
      at(
        row,
        (r) => a.fillDense(r, out),
        (r) => b.fillDense(r, out),
      ),
    sparse: (row) => at(row, a.sparse, b.sparse),
  };
}

/** Some rows of a row set, in the order given. */
export function pickRows(rows: FeatureRows, picked: ArrayLike<number>): FeatureRows {
  return {
    count: picked.length,
    dim: rows.dim,
    denseDim: rows.denseDim,
    fill: (row, out) => rows.fill(picked[row]!, out),
    fillDense: (row, out) => rows.fillDense(picked[row]!, out),
    sparse: (row) => rows.sparse(picked[row]!),
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
  /** How the first layer trains: whole rows through ONNX Runtime ('dense'), split with a lazy sparse block, or by width ('auto'). */
  firstLayer?: 'auto' | 'dense' | 'split' | undefined;
  /**
   * Starting parameters in place of the random ones (which it receives, so the seed's stream stays the same): a
   * warm start. At least one epoch still runs, so what changed in the data is learned even when the held-out
   * loss cannot see it.
   */
  initial?: ((fresh: FittedHead['params']) => FittedHead['params']) | undefined;
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

/** The first layer's rows that multiply the sparse block, row-major [sparse columns, outputs]. */
const sparseWeights = (params: FittedHead['params'], denseDim: number, width: number) => params[0]!.weights.subarray(denseDim * width);

function paramFeeds(layers: LayerShape[], params: FittedHead['params'], denseDim: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  layers.forEach((l, i) => {
    if (i > 0) feeds[`w${i}`] = new ort.Tensor('float32', params[i]!.weights, [l.inputs, l.outputs]);
    else if (denseDim > 0)
      feeds['w0'] = new ort.Tensor('float32', params[0]!.weights.subarray(0, denseDim * l.outputs), [denseDim, l.outputs]);
    feeds[`b${i}`] = new ort.Tensor('float32', params[i]!.bias, [l.outputs]);
  });
  return feeds;
}

/**
 * One batch's inputs for a split graph: `x` with the rows' dense blocks and `s` with their sparse blocks times
 * the sparse weights. Hand-written because a row has ~80 of thousands of sparse columns set, and no ONNX
 * Runtime kernel here multiplies a sparse input.
 */
class BatchInputs {
  readonly x: Float32Array;
  readonly s: Float32Array;

  constructor(
    private readonly capacity: number,
    private readonly denseDim: number,
    private readonly width: number,
  ) {
    this.x = new Float32Array(capacity * denseDim);
    this.s = new Float32Array(capacity * width);
  }

  load(rows: FeatureRows, picked: (r: number) => number, n: number, weights: Float32Array): Record<string, ort.Tensor> {
    const { denseDim, width } = this;
    this.s.fill(0, 0, n * width);
    for (let r = 0; r < n; r++) {
      const row = picked(r);
      if (denseDim > 0) rows.fillDense(row, this.x.subarray(r * denseDim, (r + 1) * denseDim));
      const { indices, values } = rows.sparse(row);
      addSparseProduct(this.s, r * width, indices, values, weights, width);
    }
    return {
      ...(denseDim > 0 && { x: new ort.Tensor('float32', this.x.subarray(0, n * denseDim), [n, denseDim]) }),
      s: new ort.Tensor('float32', this.s.subarray(0, n * width), [n, width]),
    };
  }

  get rows(): number {
    return this.capacity;
  }
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
  const weights = params ? paramFeeds(layers, params, rows.dim) : {};
  for (let start = 0; start < rows.count; start += chunk) {
    const n = Math.min(chunk, rows.count - start);
    x.fill(0, 0, n * rows.dim);
    for (let r = 0; r < n; r++) rows.fill(start + r, x.subarray(r * rows.dim, (r + 1) * rows.dim));
    const result = await session.run({ ...weights, x: new ort.Tensor('float32', x.subarray(0, n * rows.dim), [n, rows.dim]) });
    out.set(result['logits']!.data as Float32Array, start * classes);
  }
  return out;
}

/** Logits for every row through a split (dense + sparse) inference graph with parameters fed. */
export async function splitHeadLogits(
  session: ort.InferenceSession,
  layers: LayerShape[],
  params: FittedHead['params'],
  rows: FeatureRows,
): Promise<Float32Array> {
  const classes = layers.at(-1)!.outputs;
  const width = layers[0]!.outputs;
  const out = new Float32Array(rows.count * classes);
  if (rows.count === 0) return out;
  const batch = new BatchInputs(Math.min(512, rows.count), rows.denseDim, width);
  const feeds = paramFeeds(layers, params, rows.denseDim);
  const weights = sparseWeights(params, rows.denseDim, width);
  for (let start = 0; start < rows.count; start += batch.rows) {
    const n = Math.min(batch.rows, rows.count - start);
    const result = await session.run({ ...feeds, ...batch.load(rows, (r) => start + r, n, weights) });
    out.set(result['logits']!.data as Float32Array, start * classes);
  }
  return out;
}

/** Sorts row indices by a hash of each row's key and the salt: a shuffle that one added row does not reshuffle. */
function orderByKeys(order: number[], keys: Uint32Array, salt: number): void {
  const rank = Uint32Array.from(keys, (key) => mixInt(key, salt));
  order.sort((a, b) => rank[a]! - rank[b]! || a - b);
}

/** Adds a sparse row times the sparse weights to `out` at `at`. */
function addSparseProduct(
  out: Float32Array,
  at: number,
  indices: Int32Array,
  values: Float32Array,
  weights: Float32Array,
  width: number,
): void {
  for (let k = 0; k < indices.length; k++) {
    const base = indices[k]! * width;
    const value = values[k]!;
    for (let h = 0; h < width; h++) out[at + h]! += value * weights[base + h]!;
  }
}

/** Adds one row's sparse-block gradient (its values times the pre-activation gradient) to the touched rows. */
function accumulateSparse(
  grad: Float32Array,
  touched: Uint8Array,
  touchedRows: number[],
  indices: Int32Array,
  values: Float32Array,
  dz: Float32Array,
  dzOffset: number,
  width: number,
): void {
  for (let k = 0; k < indices.length; k++) {
    const column = indices[k]!;
    if (touched[column] === 0) {
      touched[column] = 1;
      touchedRows.push(column);
    }
    const base = column * width;
    const value = values[k]!;
    for (let h = 0; h < width; h++) grad[base + h]! += value * dz[dzOffset + h]!;
  }
}

/** Logits of a trained head's parameters over some rows, through a session opened for the purpose. */
export async function scoreHead(layers: LayerShape[], params: FittedHead['params'], rows: FeatureRows): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(
    headGraph(layers, 'infer', undefined, { denseInputs: rows.denseDim }),
    sessionOptions(512),
  );
  try {
    return await splitHeadLogits(session, layers, params, rows);
  } finally {
    await session.release();
  }
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
  return { loss: loss / Math.max(1, labels.length), accuracy: correct / Math.max(1, labels.length) };
}

/**
 * Above this many sparse columns the first layer is trained split (sparse block in TypeScript, lazy Adam);
 * at or below it, whole rows go to ONNX Runtime as one dense matrix. Measured on Banking77 (4,096 buckets,
 * batch 256): dense 4.4 s cached, split 48.9 s, because ONNX Runtime's GEMM is many times faster than a
 * TypeScript loop over ~170 set columns a row. A Chinese head (16,384 buckets, no embedding) is the
 * other way round: its dense Adam step over 2.1 M weights cost more than everything else together.
 */
const DENSE_MAX_SPARSE_COLUMNS = 4096;

/** One way of running a training step and of scoring rows, with the optimiser state it needs. */
interface Steps {
  /** One optimiser step on rows `picked(0..n-1)` with one-hot targets and normalised weights. */
  step(picked: (r: number) => number, n: number, targets: ort.Tensor, weights: ort.Tensor): Promise<void>;
  logits(rows: FeatureRows): Promise<Float32Array>;
  release(): Promise<void>;
}

const adamW = (tensors: Float32Array[], options: FitOptions) =>
  new AdamW(tensors, { learningRate: options.learningRate ?? 2e-3, weightDecay: options.weightDecay ?? 1e-4 });

/** The train and infer sessions of a head's graphs, dense or split. */
const openSessions = (layers: LayerShape[], batchSize: number, split?: { denseInputs: number }) =>
  Promise.all([
    ort.InferenceSession.create(headGraph(layers, 'train', undefined, split), sessionOptions(batchSize)),
    ort.InferenceSession.create(headGraph(layers, 'infer', undefined, split), sessionOptions(batchSize)),
  ]);

async function denseSteps(
  layers: LayerShape[],
  params: FittedHead['params'],
  rows: FeatureRows,
  options: FitOptions,
  batchSize: number,
): Promise<Steps> {
  const optimizer = adamW(
    params.flatMap((p) => [p.weights, p.bias]),
    options,
  );
  const decay = params.flatMap(() => [true, false]);
  const [trainSession, inferSession] = await openSessions(layers, batchSize);
  const x = new Float32Array(batchSize * rows.dim);
  return {
    async step(picked, n, targets, weights) {
      x.fill(0, 0, n * rows.dim);
      for (let r = 0; r < n; r++) rows.fill(picked(r), x.subarray(r * rows.dim, (r + 1) * rows.dim));
      const result = await trainSession.run({
        ...paramFeeds(layers, params, rows.dim),
        x: new ort.Tensor('float32', x.subarray(0, n * rows.dim), [n, rows.dim]),
        targets,
        weights,
      });
      optimizer.update(
        layers.flatMap((_, i) => [result[`dw${i}`]!.data as Float32Array, result[`db${i}`]!.data as Float32Array]),
        decay,
      );
    },
    logits: (scored) => headLogits(inferSession, layers, params, scored),
    release: async () => void (await Promise.all([trainSession.release(), inferSession.release()])),
  };
}

async function splitSteps(
  layers: LayerShape[],
  params: FittedHead['params'],
  rows: FeatureRows,
  options: FitOptions,
  batchSize: number,
): Promise<Steps> {
  const denseDim = rows.denseDim;
  const width = layers[0]!.outputs;
  const sparse = sparseWeights(params, denseDim, width);
  // Parameter 0 is the first layer's sparse rows, updated lazily; then the dense parts in the graph's order.
  const tensors: Float32Array[] = [sparse];
  const decay = [true];
  params.forEach((p, i) => {
    if (i > 0 || denseDim > 0) {
      tensors.push(i > 0 ? p.weights : p.weights.subarray(0, denseDim * width));
      decay.push(true);
    }
    tensors.push(p.bias);
    decay.push(false);
  });
  const optimizer = adamW(tensors, options);
  const [trainSession, inferSession] = await openSessions(layers, batchSize, { denseInputs: denseDim });
  const batch = new BatchInputs(batchSize, denseDim, width);
  const sparseGrad = new Float32Array(sparse.length);
  const dz0 = new Float32Array(batchSize * width);
  const touched = new Uint8Array(sparse.length / width);
  const touchedRows: number[] = [];
  return {
    async step(picked, n, targets, weights) {
      const result = await trainSession.run({
        ...paramFeeds(layers, params, denseDim),
        ...batch.load(rows, picked, n, sparse),
        targets,
        weights,
      });
      dz0.set(result['dz0']!.data as Float32Array);
      for (let r = 0; r < n; r++) {
        const { indices, values } = rows.sparse(picked(r));
        accumulateSparse(sparseGrad, touched, touchedRows, indices, values, dz0, r * width, width);
      }
      const denseGrads = layers.flatMap((_, i) => [
        ...(i > 0 || denseDim > 0 ? [result[`dw${i}`]!.data as Float32Array] : []),
        result[`db${i}`]!.data as Float32Array,
      ]);
      optimizer.update([sparseGrad, ...denseGrads], decay, [{ rows: touchedRows, width }]);
      for (const column of touchedRows) {
        sparseGrad.fill(0, column * width, (column + 1) * width);
        touched[column] = 0;
      }
      touchedRows.length = 0;
    },
    logits: (scored) => splitHeadLogits(inferSession, layers, params, scored),
    release: async () => void (await Promise.all([trainSession.release(), inferSession.release()])),
  };
}

/**
 * Trains a softmax head with mini-batch AdamW, class-weighted cross-entropy and early stopping on validation
 * loss; returns the parameters of the best epoch. Deterministic for a given seed. ONNX Runtime runs the dense
 * work; a wide sparse block is multiplied and differentiated here, with only its touched rows updated each step
 * (lazy Adam; see DENSE_MAX_SPARSE_COLUMNS).
 */
export async function fitHead(train: LabelledRows, validation: LabelledRows, options: FitOptions): Promise<FittedHead> {
  const { layers, classWeights } = options;
  const maxEpochs = options.maxEpochs ?? 40;
  const batchSize = options.batchSize ?? 64;
  const patience = options.patience ?? 3;
  const classes = layers.at(-1)!.outputs;
  const random = seededRandom(options.seed);
  const fresh = initialParams(layers, random);
  const params = options.initial ? options.initial(fresh) : fresh;
  const rows = train.features;
  // PARLEY_FIRST_LAYER=dense|split forces a path for side-by-side timing (issue 15); 'auto' is what ships.
  const split = options.firstLayer ?? (process.env['PARLEY_FIRST_LAYER'] as FitOptions['firstLayer']) ?? 'auto';
  const dense = rows.denseDim > 0 && (split === 'dense' || (split === 'auto' && rows.dim - rows.denseDim <= DENSE_MAX_SPARSE_COLUMNS));
  const steps = await (dense ? denseSteps : splitSteps)(layers, params, rows, options, batchSize);

  const targets = new Float32Array(batchSize * classes);
  const weights = new Float32Array(batchSize);
  const order = Array.from({ length: rows.count }, (_, i) => i);
  let best: FittedHead | undefined;
  let sinceBest = 0;
  let epoch = 0;
  const keep = (logits: Float32Array, loss: number) => {
    best = {
      params: params.map((p) => ({ weights: p.weights.slice(), bias: p.bias.slice() })),
      epochs: epoch,
      bestEpoch: epoch,
      validationLogits: logits,
      validationLoss: loss,
    };
    sinceBest = 0;
  };
  try {
    for (epoch = 1; epoch <= maxEpochs; epoch++) {
      if (train.keys) orderByKeys(order, train.keys, options.seed + epoch);
      else shuffleInPlace(order, random);
      for (let start = 0; start < order.length; start += batchSize) {
        const n = Math.min(batchSize, order.length - start);
        targets.fill(0, 0, n * classes);
        let total = 0;
        for (let r = 0; r < n; r++) {
          const row = order[start + r]!;
          const label = train.labels[row]!;
          targets[r * classes + label] = 1;
          weights[r] = classWeights[label]! * (train.weights?.[row] ?? 1);
          total += weights[r]!;
        }
        for (let r = 0; r < n; r++) weights[r]! /= total;
        await steps.step(
          (r) => order[start + r]!,
          n,
          new ort.Tensor('float32', targets.subarray(0, n * classes), [n, classes]),
          new ort.Tensor('float32', weights.subarray(0, n), [n]),
        );
      }
      const logits = await steps.logits(validation.features);
      const score = scoreLogits(logits, validation.labels, classes);
      options.onEpoch?.(epoch, score);
      if (!best || score.loss < best.validationLoss || options.keepLast) keep(logits, score.loss);
      else if (++sinceBest >= patience) break;
    }
  } finally {
    await steps.release();
  }
  return { ...best!, epochs: Math.min(epoch, maxEpochs) };
}
