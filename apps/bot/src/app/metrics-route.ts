import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { hashSecret } from '../auth/secret-token.ts';
import { sendError } from '../http/error-response.ts';

/**
 * GET /metrics on the public listener: only with `Authorization: Bearer <token>`, and not at all (404) when no
 * token is set. Metrics name routes, bots' traffic and error rates: nothing for the open internet.
 */
export function metricsRoute(registry: Registry, token: string | undefined): RequestHandler {
  // Compared as hashes: equal lengths for timingSafeEqual, whatever the caller sends.
  const expected = token === undefined ? undefined : Buffer.from(hashSecret(token), 'hex');
  return async (req, res, next) => {
    if (!expected) return next();
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!given || !timingSafeEqual(Buffer.from(hashSecret(given), 'hex'), expected))
      return sendError(res, 401, 'unauthorized', 'metrics need the metrics token (PARLEY_METRICS_TOKEN)');
    res.type(registry.contentType).send(await registry.metrics());
  };
}

/**
 * A listener of its own that serves only /metrics, without a token: for a private address (PARLEY_METRICS_LISTEN)
 * that only the monitoring system can reach.
 */
export function metricsListener(registry: Registry): Server {
  return createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
}
