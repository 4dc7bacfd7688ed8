import type { RouteHead } from '../artifact-schema.ts';
import type { FeatureRows } from '../training/fit-head.ts';
import { ngramVector, type SparseVector } from './ngram-features.ts';

/** Width of a route head's input: the embedding (if used), then the hashed n-gram buckets. */
export function featureDim(route: Pick<RouteHead, 'embedding' | 'ngrams'>, embeddingDim: number): number {
  return (route.embedding ? embeddingDim : 0) + (route.ngrams?.buckets ?? 0);
}

/**
 * The feature rows of some texts for one route head: [embedding | n-grams × scale]. N-gram vectors are
 * computed once here and kept sparse; rows are materialised only when a batch is filled.
 */
export function routeFeatureRows(
  route: Pick<RouteHead, 'embedding' | 'ngrams' | 'ngramScale'>,
  texts: readonly string[],
  embeddings: ReadonlyArray<Float32Array | undefined>,
  embeddingDim: number,
): FeatureRows {
  const offset = route.embedding ? embeddingDim : 0;
  const spec = route.ngrams;
  const scale = route.ngramScale;
  const sparse: SparseVector[] = spec ? texts.map((t) => scaled(ngramVector(t, spec), scale)) : [];
  const none: SparseVector = { indices: new Int32Array(0), values: new Float32Array(0) };
  const embeddingOf = (row: number) => {
    const embedding = embeddings[row];
    if (!embedding) throw new Error(`no embedding for row ${row}`);
    return embedding;
  };
  return {
    count: texts.length,
    dim: featureDim(route, embeddingDim),
    denseDim: offset,
    fillDense(row, out) {
      if (route.embedding) out.set(embeddingOf(row));
    },
    sparse: (row) => sparse[row] ?? none,
    fill(row, out) {
      if (route.embedding) out.set(embeddingOf(row));
      if (spec) {
        const { indices, values } = sparse[row]!;
        for (let k = 0; k < indices.length; k++) out[offset + indices[k]!] = values[k]!;
      }
    },
  };
}

function scaled(vector: SparseVector, scale: number): SparseVector {
  if (scale !== 1) for (let k = 0; k < vector.values.length; k++) vector.values[k]! *= scale;
  return vector;
}
