import type { Classification, Model } from '@parley/model';

/**
 * Coalesces the messages that arrive within one turn of the event loop into a single classify() call: at
 * hundreds of messages per second, one batched embedding and one head run per batch cost far less than one per
 * message. The encoder batches embeddings itself, but the heads would still run once per message without this.
 */
export class ClassifyBatcher {
  #pending: Array<{ text: string; resolve: (c: Classification) => void; reject: (e: unknown) => void }> = [];
  #inFlight = new Set<Promise<void>>();
  #scheduled = false;

  constructor(
    private readonly model: Model,
    private readonly maxBatch = 64,
  ) {}

  classify(text: string): Promise<Classification> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ text, resolve, reject });
      if (this.#pending.length >= this.maxBatch) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Resolves when every call made so far has been answered. */
  async drain(): Promise<void> {
    while (this.#pending.length > 0 || this.#inFlight.size > 0) {
      if (this.#pending.length > 0) this.#flush();
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    const run = this.model
      .classify(batch.map((item) => item.text))
      .then(
        (results) => batch.forEach((item, i) => item.resolve(results[i]!)),
        (error: unknown) => batch.forEach((item) => item.reject(error)),
      )
      .finally(() => this.#inFlight.delete(run));
    this.#inFlight.add(run);
  }
}
