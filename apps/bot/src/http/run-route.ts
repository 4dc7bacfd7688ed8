import type { Request, RequestHandler } from 'express';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AppContext } from '../app/context.ts';
import { authenticateApiKey } from './api-key-auth.ts';
import type { AnyRoute } from './api-route.ts';
import { authenticateOperatorRequest } from './operator-auth.ts';
import { consumeOrRefuse } from './rate-limit.ts';
import { parseRequestPart } from './validate.ts';

async function authenticate(ctx: AppContext, route: AnyRoute, req: Request, keyLimiter: RateLimiterMemory): Promise<object> {
  switch (route.access) {
    case 'apiKey': {
      const apiKey = await authenticateApiKey(ctx, req);
      await consumeOrRefuse(keyLimiter, apiKey.id, 'too many requests with this API key; slow down');
      return { apiKey };
    }
    case 'operator':
      return { operator: await authenticateOperatorRequest(ctx, req) };
    case 'admin':
      return { operator: await authenticateOperatorRequest(ctx, req, 'admin') };
    default:
      return {};
  }
}

/**
 * The Express handler of one route: authenticate (401/403 before anything about the input is revealed), then
 * validate path, query and body against the route's schemas, then run it. Whatever it throws goes to the
 * router's error handler.
 */
export function runRoute(ctx: AppContext, route: AnyRoute, keyLimiter: RateLimiterMemory): RequestHandler {
  return async (req, res) => {
    const caller = await authenticate(ctx, route, req, keyLimiter);
    const input = {
      params: route.params ? parseRequestPart(route.params, req.params, 'params') : undefined,
      query: route.query ? parseRequestPart(route.query, req.query, 'query') : undefined,
      body: route.body ? parseRequestPart(route.body, req.body, 'body') : undefined,
    };
    const reply = await route.handle(input, { req, res, caller });
    if (reply.attachment)
      res.status(reply.status).attachment(reply.attachment.filename).type(reply.attachment.contentType).send(reply.attachment.content);
    else if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  };
}
