/**
 * Why the model gave no answer. Every kind means the same to the caller (fall back to the extractive answer); the
 * kind is for logs and metrics, and tells an owner whether to fix their key, their quota or nothing.
 */
export type LlmFailureKind = 'timeout' | 'auth' | 'rate_limit' | 'provider' | 'connection' | 'cancelled' | 'empty_reply';

/** The one error an answer attempt fails with, whatever went wrong with the provider. */
export class LlmAnswerError extends Error {
  override readonly name = 'LlmAnswerError';

  constructor(
    readonly kind: LlmFailureKind,
    message: string,
    /** The provider's HTTP status, when it sent one. */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The question or passages handed in were unusable: a bug in the caller, not a provider failure to fall back from. */
export class LlmInputError extends Error {
  override readonly name = 'LlmInputError';
}

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : undefined;

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : '');

const KIND_BY_STATUS: Record<number, LlmFailureKind> = { 401: 'auth', 403: 'auth', 429: 'rate_limit' };

/**
 * Names the failure behind whatever the client threw. The signals come first: once the deadline has passed, the
 * client reports the abort in several ways (AbortError, a closed stream), and all of them are a timeout.
 */
export function toLlmAnswerError(error: unknown, signals: { deadline: AbortSignal; caller?: AbortSignal }): LlmAnswerError {
  const detail = error instanceof Error ? error.message : String(error);
  const because = { cause: error };
  if (signals.caller?.aborted) return new LlmAnswerError('cancelled', 'the answer was cancelled', undefined, because);
  if (signals.deadline.aborted || nameOf(error) === 'TimeoutError') {
    return new LlmAnswerError('timeout', 'the model did not answer in time', undefined, because);
  }
  const status = statusOf(error);
  if (status !== undefined) {
    return new LlmAnswerError(KIND_BY_STATUS[status] ?? 'provider', `the model service answered ${status}: ${detail}`, status, because);
  }
  // The openai client leaves `name` as "Error" on its errors; the class name is what tells them apart.
  if (error instanceof Error && /^APIConnection(Timeout)?Error$/.test(error.constructor.name)) {
    return new LlmAnswerError('connection', `could not reach the model service: ${detail}`, undefined, because);
  }
  return new LlmAnswerError('provider', `the model service failed: ${detail}`, undefined, because);
}
