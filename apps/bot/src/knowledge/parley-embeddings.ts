import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { Encoder } from '@parley/model';

/**
 * A Parley encoder as a LangChain Embeddings, so chains and vector stores can use it. The knowledge pipeline
 * calls embedVectors, which keeps the encoder's Float32Arrays instead of copying them into number arrays.
 */
export class ParleyEmbeddings extends Embeddings {
  readonly encoder: Encoder;

  constructor(encoder: Encoder, params: EmbeddingsParams = {}) {
    // A local model that failed will fail again: LangChain's default of six backed-off retries only delays the error.
    super({ maxRetries: 0, ...params });
    this.encoder = encoder;
  }

  /** Identifies the vectors: chunks embedded by another encoder must be re-embedded before they compare. */
  get encoderId(): string {
    return this.encoder.id;
  }

  embedVectors(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.length === 0 ? Promise.resolve([]) : this.caller.call(() => this.encoder.embed(texts));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedVectors(texts)).map((vector) => Array.from(vector));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedVectors([text]);
    return Array.from(vector!);
  }
}
