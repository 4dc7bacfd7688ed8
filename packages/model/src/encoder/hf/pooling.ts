export type Pooling = 'mean' | 'cls';

/** Token vectors of a padded batch, row-major [rows, length, dim], as a transformer's last_hidden_state. */
export interface HiddenStates {
  data: Float32Array;
  rows: number;
  length: number;
  dim: number;
}

/**
 * Mean over the tokens whose attention mask is set, so padding never shifts a text's vector. The count is
 * clamped like sentence-transformers does, so a row with no tokens yields zeros instead of NaN.
 */
function meanPool(hidden: HiddenStates, mask: BigInt64Array, row: number): Float32Array {
  const { data, length, dim } = hidden;
  const sum = new Float64Array(dim);
  let count = 0;
  for (let t = 0; t < length; t++) {
    if (mask[row * length + t] === 0n) continue;
    count++;
    const offset = (row * length + t) * dim;
    for (let d = 0; d < dim; d++) sum[d]! += data[offset + d]!;
  }
  return Float32Array.from(sum, (value) => value / Math.max(count, 1e-9));
}

/** The first token's vector: BERT's [CLS], which CLS-pooled models are trained to summarise into. */
function clsPool(hidden: HiddenStates, row: number): Float32Array {
  const offset = row * hidden.length * hidden.dim;
  return hidden.data.slice(offset, offset + hidden.dim);
}

/** One sentence vector per row of the batch. */
export function pool(hidden: HiddenStates, attentionMask: BigInt64Array, pooling: Pooling): Float32Array[] {
  return Array.from({ length: hidden.rows }, (_, row) => (pooling === 'cls' ? clsPool(hidden, row) : meanPool(hidden, attentionMask, row)));
}

/** Scales to unit length in place; the epsilon (as torch's F.normalize) keeps an all-zero vector zero. */
export function l2Normalize(vector: Float32Array): Float32Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  const scale = 1 / Math.max(Math.sqrt(squares), 1e-12);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}
