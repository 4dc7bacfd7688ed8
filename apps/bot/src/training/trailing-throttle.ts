/**
 * Calls `fn` at most once per `intervalMs`, always with the latest value: a call inside the interval is held and
 * sent when the interval ends (so the last state before a quiet spell is never lost). `now` sends at once.
 */
export class TrailingThrottle<T> {
  #lastAt = -Infinity;
  #pending: { value: T } | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: (value: T) => void,
  ) {}

  push(value: T, now = false): void {
    const wait = this.#lastAt + this.intervalMs - Date.now();
    if (now || wait <= 0) return this.#send(value);
    this.#pending = { value };
    this.#timer ??= setTimeout(() => this.#pending && this.#send(this.#pending.value), wait);
  }

  /** Drops a held value: the caller is about to send a final one. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
  }

  #send(value: T): void {
    this.cancel();
    this.#lastAt = Date.now();
    this.fn(value);
  }
}
