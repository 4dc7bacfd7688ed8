import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { AppContext } from '../app/context.ts';
import { ActionError } from '../conversation/action-error.ts';
import { UnknownConversationError } from '../db/errors.ts';
import { MAX_PAYLOAD_BYTES } from '../server/create-server.ts';
import { bodyTooLarge } from './body-limits.ts';
import { sendError, STATUS_OF_CODE } from './error-response.ts';
import { HttpError } from './http-error.ts';

/** What body-parser attaches to the errors it raises (malformed JSON, oversize, bad charset). */
interface BodyParserError {
  type: string;
  status: number;
  /** The size limit, on entity.too.large. */
  limit?: number;
}

const clientErrorStatus = (error: unknown): number | undefined => {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
};

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' && error !== null && typeof (error as BodyParserError).type === 'string' && 'status' in error;

/**
 * Turns whatever a route threw into the one error shape. Anything unexpected is logged with the request and
 * answered as a bare `internal`, so no stack trace, SQL or file path ever reaches a client.
 */
export function apiErrorHandler(ctx: AppContext): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const refuse = (status: number, code: Parameters<typeof sendError>[2], message: string, retryAfterMs?: number) => {
      ctx.metrics.rejected.inc({ code });
      // Refused with its body still arriving (a 401, a 429, a 413): hang up after the answer rather than receive,
      // and discard, megabytes no one will read. Node would otherwise read the rest to keep the connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendError(res, status, code, message, retryAfterMs);
    };
    if (error instanceof HttpError) return refuse(error.status, error.code, error.message, error.retryAfterMs);
    if (error instanceof ActionError) return refuse(STATUS_OF_CODE[error.code], error.code, error.message, error.retryAfterMs);
    if (error instanceof UnknownConversationError) return refuse(404, 'not_found', 'conversation not found');
    if (isBodyParserError(error)) {
      if (error.type === 'entity.parse.failed') return refuse(400, 'invalid_payload', 'the body is not valid JSON');
      if (error.type === 'entity.too.large') {
        const tooLarge = bodyTooLarge(error.limit ?? MAX_PAYLOAD_BYTES);
        return refuse(tooLarge.status, tooLarge.code, tooLarge.message);
      }
      if (error.type === 'encoding.unsupported') return refuse(415, 'invalid_payload', "the body's Content-Encoding is not supported");
    }
    // Express and body-parser mark what the client got wrong with a 4xx status: a path it cannot decode (`%ff`), a
    // charset it does not know.
    const status = clientErrorStatus(error);
    if (status !== undefined)
      return refuse(
        status,
        'invalid_payload',
        error instanceof URIError ? 'the URL could not be decoded' : 'the request could not be read',
      );
    ctx.logger.error({ err: error, method: req.method, path: req.originalUrl }, 'API request failed');
    refuse(500, 'internal', 'the server failed to handle this request');
  };
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route ${req.method} ${req.baseUrl}${req.path}`));
};
