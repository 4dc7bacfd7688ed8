import type { ChunkLanguage, StoredKnowledgeChunk } from '../db/knowledge-store.ts';
import { bigramTerms } from './bigram-terms.ts';
import { Bm25Index } from './bm25-index.ts';
import { topK } from './top-k.ts';

export interface IndexedChunk {
  id: number;
  documentId: string;
  ordinal: number;
  title: string;
  url: string | null;
  text: string;
  language: ChunkLanguage;
}

export interface DenseHit {
  chunk: IndexedChunk;
  /** Cosine similarity (the encoder's vectors are unit length, so a dot product). */
  score: number;
}

/**
 * One bot's chunks held in memory for exact search: vectors in one contiguous matrix (a dot product per chunk
 * is a few hundred ns, so 10k chunks score in a few ms) and BM25 indexes of their terms.
 */
export class BotKnowledgeIndex {
  readonly chunks: readonly IndexedChunk[];
  readonly #byId: Map<number, IndexedChunk>;
  readonly #matrix: Float32Array;
  readonly #dim: number;
  /**
   * Per language, the positions of chunks whose vectors the current encoder made (older vectors are not
   * comparable and sit out dense search): the scoring loop then touches only rows it needs.
   */
  readonly #denseRows: Record<ChunkLanguage, Int32Array>;
  /** BM25 over character bigrams of the Chinese chunks. */
  readonly bigrams: Bm25Index;
  /** BM25 over PostgreSQL's English lexemes of the English chunks. */
  readonly lexemes: Bm25Index;

  constructor(stored: readonly StoredKnowledgeChunk[], encoderId: string, dim: number) {
    this.chunks = stored.map(({ embedding: _embedding, encoderId: _encoderId, lexemes: _lexemes, ...chunk }) => chunk);
    this.#byId = new Map(this.chunks.map((chunk) => [chunk.id, chunk]));
    this.#dim = dim;
    this.#matrix = new Float32Array(stored.length * dim);
    const rows: Record<ChunkLanguage, number[]> = { en: [], zh: [] };
    stored.forEach((chunk, i) => {
      if (chunk.encoderId !== encoderId || chunk.embedding.length !== dim) return;
      this.#matrix.set(chunk.embedding, i * dim);
      rows[chunk.language].push(i);
    });
    this.#denseRows = { en: Int32Array.from(rows.en), zh: Int32Array.from(rows.zh) };
    this.bigrams = new Bm25Index(stored.map((chunk) => (chunk.language === 'zh' ? bigramTerms(chunk.text) : undefined)));
    this.lexemes = new Bm25Index(stored.map((chunk) => (chunk.language === 'en' ? chunk.lexemes : undefined)));
  }

  chunk(id: number): IndexedChunk | undefined {
    return this.#byId.get(id);
  }

  /** The k chunks in `language` most similar to `query`, best first. */
  dense(query: Float32Array, language: ChunkLanguage, k: number): DenseHit[] {
    // Locals, not fields, in the hot loop: V8 keeps them in registers.
    const rows = this.#denseRows[language];
    const matrix = this.#matrix;
    const dim = this.#dim;
    const scores = new Float32Array(rows.length);
    const unrolled = dim - (dim % 4);
    for (let r = 0; r < rows.length; r++) {
      const at = rows[r]! * dim;
      // Four running sums: independent additions pipeline, about twice as fast as one sum (measured at 10k × 512).
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let j = 0; j < unrolled; j += 4) {
        d0 += query[j]! * matrix[at + j]!;
        d1 += query[j + 1]! * matrix[at + j + 1]!;
        d2 += query[j + 2]! * matrix[at + j + 2]!;
        d3 += query[j + 3]! * matrix[at + j + 3]!;
      }
      for (let j = unrolled; j < dim; j++) d0 += query[j]! * matrix[at + j]!;
      scores[r] = d0 + d1 + d2 + d3;
    }
    return topK(scores, k).map((r) => ({ chunk: this.chunks[rows[r]!]!, score: scores[r]! }));
  }
}
