import { defineRoute, type AnyRoute } from '../api-route.ts';

/** Serves the document of the whole table, this route included; built once, on first request. */
export function openApiRoute(document: () => unknown): AnyRoute {
  return defineRoute({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This API, described in OpenAPI 3.1',
    tag: 'Meta',
    access: 'public',
    cors: 'open',
    responses: { 200: { description: 'The OpenAPI document' } },
    async handle() {
      return { status: 200, body: document() };
    },
  });
}
