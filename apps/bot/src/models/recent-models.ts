import type { Model } from '@parley/model';
import type { Logger } from 'pino';

interface Entry {
  model: Promise<Model>;
  /** Calls using the model now: an evicted model closes only once the last of them is done. */
  users: number;
  evicted: boolean;
}

/**
 * The last few models opened on demand (a candidate an operator is trying out), keyed by artifact directory. A
 * model stays open between calls because an operator tries one message after another on the same candidate, and
 * reopening its heads each time would cost more than the call; only a few stay, because each holds its own heads
 * (the encoder is shared). A model in use when it is evicted closes when its last call ends, never under a call.
 */
export class RecentModels {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly open: (artifactDir: string) => Promise<Model>,
    private readonly capacity: number,
    private readonly logger: Logger,
  ) {}

  /** Runs `use` with the model of `artifactDir`, opened now unless it is among the recent ones. */
  async use<T>(artifactDir: string, use: (model: Model) => Promise<T>): Promise<T> {
    const entry = this.#acquire(artifactDir);
    try {
      return await use(await entry.model);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) void this.#close(entry);
    }
  }

  async close(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const entry of entries) entry.evicted = true;
    await Promise.all(entries.filter((entry) => entry.users === 0).map((entry) => this.#close(entry)));
  }

  #acquire(artifactDir: string): Entry {
    let entry = this.#entries.get(artifactDir);
    if (entry)
      this.#entries.delete(artifactDir); // re-inserted below: a Map keeps insertion order, newest last
    else {
      const model = this.open(artifactDir);
      const opened: Entry = { model, users: 0, evicted: false };
      // A model that failed to open must not stay cached: the next call tries again.
      model.catch(() => this.#entries.get(artifactDir) === opened && this.#entries.delete(artifactDir));
      entry = opened;
    }
    entry.users++;
    this.#entries.set(artifactDir, entry);
    for (const [key, old] of this.#entries) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(key);
      old.evicted = true;
      if (old.users === 0) void this.#close(old);
    }
    return entry;
  }

  /** Never throws: it runs detached, and a model that fails to close has nothing left to serve anyway. */
  async #close(entry: Entry): Promise<void> {
    try {
      await (await entry.model.catch(() => undefined))?.close();
    } catch (error) {
      this.logger.warn({ err: error }, 'closing a model opened on demand failed');
    }
  }
}
