import { unstorableTextProblem } from '@parley/protocol';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppContext } from '../app/context.ts';
import { MAX_PAYLOAD_BYTES } from '../server/create-server.ts';
import { authenticateApiKey } from './api-key-auth.ts';
import type { AnyRoute } from './api-route.ts';
import { HttpError } from './http-error.ts';
import { authenticateOperatorRequest } from './operator-auth.ts';
import { consumeOrRefuse } from './rate-limit.ts';
import { readJsonBody } from './read-json-body.ts';
import { parseRequestPart, type RequestPart } from './validate.ts';

async function authenticate(ctx: AppContext, route: AnyRoute, req: Request, keyLimiter: RateLimiterAbstract): Promise<object> {
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

function parsePart(route: AnyRoute, part: RequestPart, value: unknown): unknown {
  const schema = route[part];
  if (!schema) return undefined;
  const parsed = parseRequestPart(schema, value, part);
  // Strings PostgreSQL cannot store (NUL, unpaired surrogates) are refused here, not failed on at the database.
  const problem = unstorableTextProblem(parsed, part);
  if (problem) throw new HttpError(400, 'invalid_payload', problem);
  return parsed;
}

/**
 * Fails (a 500, logged) when a handler answers with a status or body its operation does not declare: in
 * development and tests every call proves the contract clients are typed from, not just the compiler.
 */
function checkReply(route: AnyRoute, reply: { status: number; body?: unknown; attachment?: unknown }): void {
  const declared = route.responses[reply.status];
  if (!declared) throw new Error(`${route.operationId} answered ${reply.status}, which its operation does not declare`);
  if (reply.attachment || !declared.schema) return;
  const parsed = declared.schema.safeParse(reply.body);
  if (!parsed.success)
    throw new Error(`${route.operationId} answered ${reply.status} outside its contract: ${z.prettifyError(parsed.error)}`);
}

/**
 * The Express handler of one route, in this order: a cookie request from a foreign page is refused (CSRF),
 * the caller is authenticated (401/403 before anything about the input is revealed, and before the body is
 * read), the body is read up to the route's limit, path, query and body are validated against the route's
 * schemas, and it runs. Whatever it throws goes to the router's error handler.
 */
export function runRoute(ctx: AppContext, route: AnyRoute, keyLimiter: RateLimiterAbstract, checkResponses: boolean): RequestHandler {
  return async (req, res) => {
    ctx.origins.refuseForeignCookieRequest(route, req);
    const caller = await authenticate(ctx, route, req, keyLimiter);
    if (route.body) await readJsonBody(req, res, route.bodyLimit ?? MAX_PAYLOAD_BYTES);
    const input = {
      params: parsePart(route, 'params', req.params),
      query: parsePart(route, 'query', req.query),
      body: parsePart(route, 'body', req.body),
    };
    const reply = await route.handle(input, { req, res, caller });
    if (checkResponses) checkReply(route, reply);
    if (reply.attachment)
      res.status(reply.status).attachment(reply.attachment.filename).type(reply.attachment.contentType).send(reply.attachment.content);
    else if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  };
}
