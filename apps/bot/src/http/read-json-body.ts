import express, { type Request, type RequestHandler, type Response } from 'express';
import { bodyTooLarge } from './body-limits.ts';
import { HttpError } from './http-error.ts';

const parsers = new Map<number, RequestHandler>();

/**
 * Reads and parses a route's JSON body, up to `limit` bytes. Routes call it only once the caller is
 * authenticated, so an anonymous client cannot make the server parse megabytes; a declared Content-Length over
 * the limit is refused before a byte is read. Anything the read fails on is the client's body (bad JSON, a
 * Content-Encoding that does not decode), so it is a 4xx, never a 500.
 */
export function readJsonBody(req: Request, res: Response, limit: number): Promise<void> {
  // body-parser would read (and discard) the whole declared body before refusing it.
  if (Number(req.headers['content-length']) > limit) return Promise.reject(bodyTooLarge(limit));
  let parse = parsers.get(limit);
  if (!parse) parsers.set(limit, (parse = express.json({ limit })));
  return new Promise((resolve, reject) => {
    parse(req, res, (error?: unknown) => {
      if (!error) return resolve();
      const status = (error as { status?: unknown }).status;
      reject(
        typeof status === 'number' && status >= 400 && status < 500
          ? error
          : new HttpError(400, 'invalid_payload', 'the body could not be read'),
      );
    });
  });
}
