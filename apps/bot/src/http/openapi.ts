import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import type { AnyRoute } from './api-route.ts';
import { MAX_PAYLOAD_BYTES } from '../server/create-server.ts';
import { bodyLimitText } from './body-limits.ts';
import { apiErrorSchema } from '@parley/protocol';

/** `/bots/:botId` → `/bots/{botId}`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

const retryAfterHeaders = z.object({
  'Retry-After': z.string().meta({ description: 'Seconds to wait before trying again' }),
});

const SECURITY: Record<AnyRoute['access'], ZodOpenApiOperationObject['security']> = {
  public: [],
  apiKey: [{ apiKey: [] }],
  // Either one: the bearer session token (scripts) or the cookie login sets (the console).
  operator: [{ session: [] }, { sessionCookie: [] }],
  admin: [{ session: [] }, { sessionCookie: [] }],
};

/** The failures a route can answer with: those its access and inputs imply, any route's, and its own. */
function errorStatuses(route: AnyRoute): Map<number, string> {
  const errors = new Map<number, string>();
  if (route.params || route.query || route.body) errors.set(400, 'invalid_payload: the message names each bad field');
  if (route.access === 'apiKey') errors.set(401, 'unauthorized: no API key, or an unknown or revoked one');
  if (route.access === 'operator' || route.access === 'admin') errors.set(401, 'unauthorized: not logged in, or the session expired');
  if (route.access === 'admin') errors.set(403, 'unauthorized: admins only');
  if (route.body) errors.set(413, `invalid_payload: the body is over ${bodyLimitText(route.bodyLimit ?? MAX_PAYLOAD_BYTES)}`);
  errors.set(429, 'rate_limited: too many requests; see Retry-After');
  errors.set(500, 'internal: the server failed; details are logged, never returned');
  for (const [status, description] of Object.entries(route.errors ?? {})) if (description) errors.set(Number(status), description);
  return errors;
}

function operation(route: AnyRoute): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status as `2${string}`] = {
      description: response.description,
      ...(response.schema
        ? { content: Object.fromEntries((response.mediaTypes ?? ['application/json']).map((type) => [type, { schema: response.schema }])) }
        : {}),
    };
  }
  for (const [status, description] of errorStatuses(route)) {
    responses[String(status) as `4${string}`] = {
      description,
      content: { 'application/json': { schema: apiErrorSchema } },
      ...(status === 429 ? { headers: retryAfterHeaders } : {}),
    };
  }
  const requestParams = {
    ...(route.params ? { path: route.params } : {}),
    ...(route.query ? { query: route.query } : {}),
  };
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: SECURITY[route.access],
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(route.body
      ? { requestBody: { required: !route.body.safeParse(undefined).success, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 description of `routes`, mounted under `basePath`, from the very schemas that validate them. */
export function openApiDocument(routes: readonly AnyRoute[], basePath = '/api/v1'): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1',
      description:
        'Classify texts with a bot’s live model (API key), and run conversations and API keys as an operator (session). ' +
        'Every error is `{ "error": { "code", "message" } }`.',
    },
    servers: [{ url: basePath }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of a bot: "Authorization: Bearer sk_…"' },
        session: { type: 'http', scheme: 'bearer', description: 'An operator session token from POST /auth/login' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie POST /auth/login sets' },
      },
    },
  });
}
