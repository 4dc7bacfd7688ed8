/**
 * Runs `task` once after a delay, however many times it is asked in the meantime: the earliest request wins.
 * Unref'd, so a pending retry never keeps a stopping process alive.
 */
export class RetryTimer {
  #timer: NodeJS.Timeout | undefined;
  #due = Infinity;

  constructor(private readonly task: () => void) {}

  schedule(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.#timer && due >= this.#due) return;
    clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#due = Infinity;
      this.task();
    }, delayMs);
    this.#timer.unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = Infinity;
  }
}
