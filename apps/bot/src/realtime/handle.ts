import { protocolError, type AckResult, type ErrorPayload } from '@parley/protocol';
import type { Logger } from 'pino';
import { ActionError } from '../conversation/action-error.ts';
import { UnknownConversationError } from '../db/errors.ts';

/** Maps anything a handler threw to what the client is told; unexpected errors are logged, never shown. */
export function errorPayload(error: unknown, logger: Logger, context: Record<string, unknown>): ErrorPayload {
  if (error instanceof ActionError) return error.toPayload();
  if (error instanceof UnknownConversationError) return protocolError('not_found', 'conversation not found');
  logger.error({ err: error, ...context }, 'event handler failed');
  return protocolError('internal', 'the server failed to handle this event; retrying with the same ids is safe');
}

/**
 * Adapts an async action to a Socket.IO event with an ack: the result goes back as `{ ok: true, ...result }`,
 * a refusal as `{ ok: false, error }`. The returned listener never throws or rejects, whatever the action does.
 */
export function acked<Payload, Result extends object>(
  logger: Logger,
  event: string,
  action: (payload: Payload) => Promise<Result>,
): (payload: Payload, ack: (result: AckResult<Result>) => void) => void {
  return (payload, ack) => {
    // Validation refuses an acked event sent without a callback; this keeps the listener whole if it ever does not.
    const answer = typeof ack === 'function' ? ack : () => undefined;
    // Through an async wrapper, so an action that throws before its first await is refused like any other.
    (async () => action(payload))().then(
      (result) => answer({ ok: true, ...result }),
      (error: unknown) => answer({ ok: false, error: errorPayload(error, logger, { event }) }),
    );
  };
}

/** The same for fire-and-forget events: a refusal comes back as an `error` event. */
export function unacked<Payload>(
  logger: Logger,
  event: string,
  emitError: (error: ErrorPayload & { event: string }) => void,
  action: (payload: Payload) => Promise<void>,
): (payload: Payload) => void {
  return (payload) => {
    (async () => action(payload))().catch((error: unknown) => emitError({ ...errorPayload(error, logger, { event }), event }));
  };
}
