import type { ErrorCode } from '@parley/protocol';

/**
 * What a failed call throws: the server's error code (`@parley/protocol`'s ErrorCode), or `network` when the server
 * could not be reached, `timeout` when a socket ack never came, or `bad_response` when its answer is not what the
 * contract says (a client and server of different versions).
 */
export type ParleyErrorCode = ErrorCode | 'network' | 'timeout' | 'bad_response';

export class ParleyApiError extends Error {
  override name = 'ParleyApiError';

  constructor(
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    readonly code: ParleyErrorCode,
    message: string,
    /** When to try again, for `rate_limited`. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
