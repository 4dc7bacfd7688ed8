import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import type { ResolvedAdapterOptions } from './adapter-options.ts';
import { ChannelSendError } from './channel.ts';
import { parseRetryAfter } from './retry-after.ts';

/** A provider's answer, read once: `body` is the parsed JSON, undefined when it was not JSON. */
export interface ProviderResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** `transient` is retried (after `retryAfterMs` when the provider said); `permanent` is not. */
export type ProviderFailure = { outcome: 'transient' | 'permanent'; reason: string; retryAfterMs?: number };

export type ProviderVerdict<T> = { outcome: 'delivered'; value: T } | ProviderFailure;

/** One POST to a provider's API, and how to read what it answers. */
export interface ProviderCall<T> {
  /** Names the call in error messages, e.g. 'telegram sendMessage'. */
  label: string;
  url: string;
  /** Built for each attempt, so a signature can carry the attempt's own timestamp. */
  request: () => { headers: Record<string, string>; body: string };
  /** Never to appear in an error message (Telegram's token sits in the URL path, and fetch errors may quote it). */
  secrets: readonly string[];
  judge: (response: ProviderResponse) => ProviderVerdict<T>;
}

/**
 * Runs a provider call with exponential backoff and jitter, honouring the provider's retry-after (capped), and turns
 * the end into a ChannelSendError: `permanent` when the provider refused for good, else when retries ran out. An
 * abort through `signal` rejects with the signal's reason.
 */
export async function callProvider<T>(
  call: ProviderCall<T>,
  options: ResolvedAdapterOptions,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  const { retry } = options;
  let attempts = 0;
  let retryAfterMs: number | undefined;
  const attempt = async (): Promise<T> => {
    attempts += 1;
    const { verdict, status } = await attemptOnce(call, options, signal);
    if (verdict.outcome === 'delivered') return verdict.value;
    const permanent = verdict.outcome === 'permanent';
    const error = new ChannelSendError(redact(`${call.label} failed: ${verdict.reason}`, call.secrets), permanent, status, attempts);
    if (permanent) throw new AbortError(error);
    retryAfterMs = verdict.retryAfterMs === undefined ? undefined : Math.min(verdict.retryAfterMs, retry.maxRetryAfterMs);
    throw error;
  };
  const value = await pRetry(attempt, {
    retries: retry.retries,
    factor: 2,
    minTimeout: retry.minTimeoutMs,
    maxTimeout: retry.maxTimeoutMs,
    randomize: true,
    signal,
    onFailedAttempt: async ({ retriesLeft }) => {
      // The provider asked for retryAfterMs at least: wait it out here, and p-retry's backoff follows it. (p-retry 7,
      // the last release for Node 20, does not tell this callback its own delay, so the two add up.)
      if (retriesLeft === 0 || retryAfterMs === undefined) return;
      await sleep(retryAfterMs, undefined, { signal }).catch((error: unknown) => {
        throw signal?.aborted ? signal.reason : error;
      });
    },
  });
  return { value, attempts };
}

async function attemptOnce<T>(
  call: ProviderCall<T>,
  options: ResolvedAdapterOptions,
  signal: AbortSignal | undefined,
): Promise<{ verdict: ProviderVerdict<T>; status?: number }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const { headers, body } = call.request();
  let response: ProviderResponse;
  try {
    const answer = await options.fetch(call.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    response = { status: answer.status, headers: answer.headers, body: parseJsonOrUndefined(await answer.text()) };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const reason = timeout.aborted ? `no answer within ${options.timeoutMs} ms` : `network error (${describeCause(error)})`;
    return { verdict: { outcome: 'transient', reason } };
  }
  return { verdict: call.judge(response), status: response.status };
}

/**
 * The verdict HTTP status alone gives, for answers the provider's body does not explain: 408, 429 and 5xx are
 * worth retrying (429 after its Retry-After), anything else is not.
 */
export function verdictFromStatus(response: ProviderResponse, reason: string): ProviderFailure {
  const { status } = response;
  const transient = status === 408 || status === 429 || status >= 500;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return {
    outcome: transient ? 'transient' : 'permanent',
    reason: `HTTP ${status}: ${reason}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : String(cause);
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length > 0).reduce((redacted, secret) => redacted.split(secret).join('[redacted]'), text);
}

/** `base` (with or without a trailing slash) followed by path segments, each URL-encoded. */
export function apiUrl(base: string, ...segments: string[]): string {
  return [base.replace(/\/+$/, ''), ...segments.map(encodeURIComponent)].join('/');
}
