/** A minimal typed event emitter: no Node `events`, so it runs in browsers. */
export class CustomerEmitter<Events extends { [Name in keyof Events]: (...args: never[]) => void }> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Adds a listener; returns a function that removes it. */
  on<Name extends keyof Events>(name: Name, listener: Events[Name]): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => this.off(name, listener);
  }

  off<Name extends keyof Events>(name: Name, listener: Events[Name]): void {
    this.#listeners.get(name)?.delete(listener);
  }

  /** Calls each listener; one that throws does not stop the others, nor the chat. */
  emit<Name extends keyof Events>(name: Name, ...args: Parameters<Events[Name]>): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        (listener as (...a: Parameters<Events[Name]>) => void)(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
