/**
 * Runs tasks with the same key one after another and tasks with different keys concurrently. A customer's
 * messages must be answered in order and each turn must see the status the previous one left, while different
 * conversations never wait for each other. (Hand-written: p-queue and friends queue globally, not per key.)
 */
export class KeyedSerial {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    // The map holds only keys with work queued; the last task to finish removes its key.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once no task is queued or running, including tasks queued while waiting. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
