import { protocolError, type ErrorCode, type ErrorPayload } from '@parley/protocol';

/**
 * A refusal the client should hear about, with the protocol's error code. Socket handlers turn it into an ack
 * error and REST routes into an HTTP status; anything else thrown is an internal error and is logged instead.
 */
export class ActionError extends Error {
  override readonly name = 'ActionError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toPayload(): ErrorPayload {
    return { ...protocolError(this.code, this.message), ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }) };
  }
}

export const notFound = (what: string): ActionError => new ActionError('not_found', `${what} not found`);
export const invalid = (why: string): ActionError => new ActionError('invalid_payload', why);
export const conflict = (why: string): ActionError => new ActionError('conflict', why);
