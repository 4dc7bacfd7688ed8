/** How an adapter talks to its provider; every field has a production default, tests pass small values. */
export interface AdapterOptions {
  fetch?: typeof fetch;
  /** Per attempt, including reading the answer. */
  timeoutMs?: number;
  retry?: {
    /** Retries after the first attempt. */
    retries?: number;
    minTimeoutMs?: number;
    maxTimeoutMs?: number;
    /** The longest a provider's retry-after is honoured; a longer one is waited this long before trying again. */
    maxRetryAfterMs?: number;
  };
}

export type ResolvedAdapterOptions = Required<Omit<AdapterOptions, 'retry'>> & { retry: Required<NonNullable<AdapterOptions['retry']>> };

/** 5 retries from 0.5 s doubling with jitter: about 30 s in all before giving up on an outage. */
export const DEFAULT_ADAPTER_OPTIONS: ResolvedAdapterOptions = {
  fetch: (...args) => fetch(...args),
  timeoutMs: 10_000,
  retry: { retries: 5, minTimeoutMs: 500, maxTimeoutMs: 30_000, maxRetryAfterMs: 60_000 },
};

export function resolveAdapterOptions(options: AdapterOptions = {}): ResolvedAdapterOptions {
  return {
    fetch: options.fetch ?? DEFAULT_ADAPTER_OPTIONS.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_ADAPTER_OPTIONS.timeoutMs,
    retry: { ...DEFAULT_ADAPTER_OPTIONS.retry, ...definedOnly(options.retry ?? {}) },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
