import type { Socket } from 'socket.io-client';

/** Records every `event` a socket receives, and waits for ones matching a predicate. */
export class EventLog<T = unknown> {
  readonly items: T[] = [];
  #waiters: Array<{ match: (item: T) => boolean; resolve: (item: T) => void }> = [];

  constructor(socket: Socket, event: string) {
    socket.on(event, (item: T) => {
      this.items.push(item);
      this.#waiters = this.#waiters.filter((w) => (w.match(item) ? (w.resolve(item), false) : true));
    });
  }

  /** The first item (already received or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(match: (item: T) => boolean, timeoutMs = 5_000): Promise<T> {
    const seen = this.items.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for an event; got ${JSON.stringify(this.items).slice(0, 2000)}`)),
        timeoutMs,
      );
      this.#waiters.push({ match, resolve: (item) => (clearTimeout(timer), resolve(item)) });
    });
  }
}

/** Resolves after `ms`; for asserting that something does NOT arrive within a window. */
export const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
