import { topK } from './top-k.ts';

export interface Bm25Hit {
  /** Position of the text in the list the index was built from. */
  index: number;
  score: number;
  /** Share of the query's distinct terms the text contains, 0..1: a calibrated confidence, unlike BM25. */
  coverage: number;
}

// The usual BM25 constants (Robertson & Zaragoza).
const K1 = 1.2;
const B = 0.75;

/**
 * Okapi BM25 over pre-analysed terms, in memory. Hand-written: it is a few dozen lines, and scoring in process
 * keeps a search off the database (PGlite runs on the server's own thread: ranking 10k chunks there took ~15 ms).
 */
export class Bm25Index {
  readonly #postings = new Map<string, { index: number; tf: number }[]>();
  readonly #lengths: Float64Array;
  readonly #averageLength: number;
  /** How many texts were indexed. */
  readonly size: number;

  /** `terms[i]` undefined leaves position i out (another language), keeping positions aligned with the caller's. */
  constructor(terms: readonly (readonly string[] | undefined)[]) {
    this.#lengths = new Float64Array(terms.length);
    let total = 0;
    let counted = 0;
    terms.forEach((list, index) => {
      if (list === undefined) return;
      this.#lengths[index] = list.length;
      total += list.length;
      counted++;
      const tf = new Map<string, number>();
      for (const term of list) tf.set(term, (tf.get(term) ?? 0) + 1);
      for (const [term, count] of tf) {
        let postings = this.#postings.get(term);
        if (!postings) this.#postings.set(term, (postings = []));
        postings.push({ index, tf: count });
      }
    });
    this.#averageLength = counted === 0 ? 1 : total / counted || 1;
    this.size = counted;
  }

  search(queryTerms: readonly string[], k: number): Bm25Hit[] {
    const terms = [...new Set(queryTerms)];
    if (terms.length === 0 || this.size === 0) return [];
    const scores = new Float64Array(this.#lengths.length);
    const matched = new Uint16Array(this.#lengths.length);
    for (const term of terms) {
      const postings = this.#postings.get(term);
      if (!postings) continue;
      const idf = Math.log(1 + (this.size - postings.length + 0.5) / (postings.length + 0.5));
      for (const { index, tf } of postings) {
        const norm = K1 * (1 - B + (B * this.#lengths[index]!) / this.#averageLength);
        scores[index]! += (idf * tf * (K1 + 1)) / (tf + norm);
        matched[index]!++;
      }
    }
    return topK(scores, k, (index) => matched[index]! > 0).map((index) => ({
      index,
      score: scores[index]!,
      coverage: matched[index]! / terms.length,
    }));
  }
}
