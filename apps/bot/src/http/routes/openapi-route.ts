import { restOperations } from '@parley/protocol';
import { implement, type AnyRoute } from '../api-route.ts';
import type { openApiDocument } from '../openapi.ts';

/** Serves the document of the whole table, this route included; built once, on first request. */
export function openApiRoute(document: () => ReturnType<typeof openApiDocument>): AnyRoute {
  return implement(restOperations.openApi, {
    cors: 'open',
    async handle() {
      // A shallow copy: the contract's open JSON object, where zod-openapi's interface declares no index signature.
      return { status: 200, body: { ...document() } };
    },
  });
}
