/**
 * Adam with decoupled weight decay (AdamW) over flat Float32Array parameters. Hand-written: a dozen lines
 * over typed arrays, and no maintained JS optimiser works on plain arrays outside a tensor framework.
 */
export class AdamW {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private step = 0;

  constructor(
    private readonly params: Float32Array[],
    private readonly options: { learningRate: number; weightDecay: number; beta1?: number; beta2?: number; epsilon?: number },
  ) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /**
   * Applies one update; `decay[i]` says whether parameter i is decayed (weights yes, biases no). Where
   * `rowsOf[i]` is given, parameter i is a matrix of rows `width` wide and only the listed rows are updated
   * (lazy Adam, as for embedding tables): the others had no gradient this step, and leaving their moments
   * alone is what makes a step over a sparse n-gram block cost its touched rows instead of the whole block.
   */
  update(grads: Float32Array[], decay: boolean[], rowsOf: Array<{ rows: ArrayLike<number>; width: number } | undefined> = []): void {
    const { learningRate, weightDecay, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = this.options;
    this.step++;
    const stepSize = learningRate / (1 - beta1 ** this.step);
    const secondCorrection = 1 / (1 - beta2 ** this.step);
    for (let k = 0; k < this.params.length; k++) {
      const keep = decay[k] ? 1 - learningRate * weightDecay : 1;
      const [p, g, m, v] = [this.params[k]!, grads[k]!, this.m[k]!, this.v[k]!];
      const sparse = rowsOf[k];
      if (!sparse) {
        adamKernel(p, g, m, v, beta1, beta2, epsilon, stepSize, secondCorrection, keep, 0, p.length);
        continue;
      }
      const { rows, width } = sparse;
      for (let r = 0; r < rows.length; r++) {
        adamKernel(p, g, m, v, beta1, beta2, epsilon, stepSize, secondCorrection, keep, rows[r]! * width, (rows[r]! + 1) * width);
      }
    }
  }
}

/** Kept monomorphic (Float32Array only) so V8 compiles it to a tight loop. */
function adamKernel(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  beta1: number,
  beta2: number,
  epsilon: number,
  stepSize: number,
  secondCorrection: number,
  keep: number,
  from: number,
  to: number,
): void {
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  for (let i = from; i < to; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + oneMinusBeta1 * gi;
    const vi = beta2 * v[i]! + oneMinusBeta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = keep * p[i]! - (stepSize * mi) / (Math.sqrt(vi * secondCorrection) + epsilon);
  }
}
