/**
 * The SentencePiece-unigram tokenizer of Universal Sentence Encoder lite.
 *
 * Ported from the Apache-2.0 tokenizer in tfjs-models (`@tensorflow-models/universal-sentence-encoder`),
 * which `@energetic-ai/embeddings` also copies. Why not reuse a package: that module imports
 * @tensorflow/tfjs-core at load time, and Hugging Face's Unigram differs from it (it matches the reserved
 * pieces such as "<s>" and scores unknown characters differently), which would break parity with the model's
 * own tokenization. This port keeps the reference's exact choices (tie-breaking, unknown handling,
 * merged unknowns) but walks the trie by index, so long inputs cost O(n·L) instead of O(n²).
 */
export type Vocabulary = ReadonlyArray<readonly [piece: string, score: number]>;

const SEPARATOR = '\u2581';
const SEPARATOR_CODE = 0x2581;
const UNKNOWN_ID = 0;
/** USE's vocabulary starts with "�", "<s>", "</s>" and three extra ids that text must never produce. */
const RESERVED_SYMBOLS = 6;

interface TrieNode {
  children: Map<number, TrieNode>;
  /** Vocabulary id when a piece ends here, else -1. */
  id: number;
  score: number;
  length: number;
}

const newNode = (length: number): TrieNode => ({ children: new Map(), id: -1, score: 0, length });

export class SentencePieceUnigramTokenizer {
  private readonly root = newNode(0);
  /** Pieces never contain an inner separator, so words segment independently and long text can be cut. */
  private readonly wordsAreIndependent: boolean;

  constructor(private readonly vocabulary: Vocabulary) {
    let independent = true;
    for (let id = RESERVED_SYMBOLS; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id]!;
      const symbols = Array.from(piece, (c) => c.codePointAt(0)!);
      if (symbols.indexOf(SEPARATOR_CODE, 1) > 0) independent = false;
      let node = this.root;
      for (const symbol of symbols) {
        let child = node.children.get(symbol);
        if (!child) {
          child = newNode(node.length + 1);
          node.children.set(symbol, child);
        }
        node = child;
      }
      node.id = id;
      node.score = score;
    }
    this.wordsAreIndependent = independent;
  }

  get size(): number {
    return this.vocabulary.length;
  }

  /**
   * Token ids of `text`. With `maxTokens`, only the first `maxTokens` ids are returned, and text beyond the
   * word that reaches them is never scanned.
   */
  encode(text: string, maxTokens = Infinity): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = Array.from(SEPARATOR + normalized.replaceAll(' ', SEPARATOR), (c) => c.codePointAt(0)!);
    const ids = this.viterbi(this.wordsAreIndependent ? cutAfterWords(symbols, maxTokens) : symbols);
    return ids.length > maxTokens ? ids.slice(0, maxTokens) : ids;
  }

  private viterbi(symbols: number[]): number[] {
    const n = symbols.length;
    // endings[e] lists the pieces ending at e, in order of ascending start: the order the reference scores them.
    const endings: Array<Array<{ id: number; score: number; length: number }>> = Array.from({ length: n + 1 }, () => []);
    for (let start = 0; start < n; start++) {
      let node = this.root.children.get(symbols[start]!);
      let matched = false;
      for (let i = start; node;) {
        if (node.id >= 0) {
          endings[start + node.length]!.push({ id: node.id, score: node.score, length: node.length });
          matched = true;
        }
        i++;
        node = i < n ? node.children.get(symbols[i]!) : undefined;
      }
      if (!matched) endings[start + 1]!.push({ id: UNKNOWN_ID, score: 0, length: 1 });
    }

    const best = new Float64Array(n + 1);
    const chosen = new Int32Array(n + 1);
    for (let end = 0; end <= n; end++) {
      for (const piece of endings[end]!) {
        const score = piece.score + best[end - piece.length]!;
        // `best === 0` means "unset" in the reference; ties go to the later (shorter) piece.
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          chosen[end] = piece.id;
        }
      }
    }

    const reversed: number[] = [];
    for (let at = n; at > 0; at -= this.vocabulary[chosen[at]!]![0].length) reversed.push(chosen[at]!);
    const ids: number[] = [];
    for (let i = reversed.length - 1; i >= 0; i--) {
      const id = reversed[i]!;
      // Runs of unknown characters become one unknown token.
      if (!(id === UNKNOWN_ID && ids.length > 0 && ids[ids.length - 1] === UNKNOWN_ID)) ids.push(id);
    }
    return ids;
  }
}

/** Every word yields at least one token, so maxTokens + 1 words are enough for maxTokens exact tokens. */
function cutAfterWords(symbols: number[], maxTokens: number): number[] {
  if (!Number.isFinite(maxTokens)) return symbols;
  let words = 0;
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === SEPARATOR_CODE && ++words > maxTokens + 1) return symbols.slice(0, i);
  }
  return symbols;
}
