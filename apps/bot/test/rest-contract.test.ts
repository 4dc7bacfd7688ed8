/**
 * The REST contract is `@parley/protocol`'s `restOperations`: the server must mount exactly those operations with
 * their very schemas, and (PARLEY_CHECK_RESPONSES, on in tests) fail any answer that breaks them, so every API
 * test in this suite also proves the types the console and `@parley/client` are built from.
 */
import { restOperations, type RestOperation } from '@parley/protocol';
import express from 'express';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { implement, type AnyRoute } from '../src/http/api-route.ts';
import { apiRoutes } from '../src/http/api-router.ts';
import { apiErrorHandler } from '../src/http/error-handler.ts';
import { apiKeyLimiter } from '../src/http/rate-limit.ts';
import { runRoute } from '../src/http/run-route.ts';
import { forEachEngine } from './support/engines.ts';
import { GENEROUS_LIMITS, startApi, type ApiHarness } from './support/api-harness.ts';

const CONTRACT_PARTS = [
  'method',
  'path',
  'access',
  'params',
  'query',
  'body',
  'bodyLimit',
  'responses',
  'errors',
  'summary',
  'tag',
] as const;

forEachEngine((engine) => {
  let api: ApiHarness;
  let routes: AnyRoute[];
  before(async () => {
    api = await startApi(await engine.migrated());
    routes = apiRoutes(api.ctx, { rateLimits: GENEROUS_LIMITS, corsOrigins: [] });
  });
  after(() => api?.close());

  describe('the server mounts the contract', () => {
    test('every route is an operation of restOperations, with the same schemas, and every operation is mounted', () => {
      const operations: Record<string, RestOperation> = restOperations;
      for (const route of routes) {
        const operation = operations[route.operationId];
        assert.ok(
          operation,
          `${route.method.toUpperCase()} ${route.path} (${route.operationId}) is not in @parley/protocol's restOperations`,
        );
        for (const part of CONTRACT_PARTS)
          assert.equal(route[part], operation[part], `${route.operationId}.${part} differs from the contract`);
      }
      const mounted = new Set(routes.map((route) => route.operationId));
      assert.deepEqual(
        Object.keys(operations).filter((id) => !mounted.has(id)),
        [],
        'operations no route implements',
      );
      for (const [key, operation] of Object.entries(operations)) assert.equal(operation.operationId, key);
    });
  });

  describe('answers are checked against the contract', () => {
    const operation = {
      method: 'get',
      path: '/contract-probe',
      operationId: 'contractProbe',
      summary: 'probe',
      tag: 'Test',
      access: 'public',
      responses: { 200: { description: 'a count', schema: z.object({ count: z.int() }) } },
    } as const satisfies RestOperation;

    async function serve(route: AnyRoute, checkResponses: boolean): Promise<{ status: number; body: unknown; close(): void }> {
      const app = express();
      app.get(route.path, runRoute(api.ctx, route, apiKeyLimiter(10), checkResponses));
      app.use(apiErrorHandler(api.ctx));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${route.path}`);
      return { status: response.status, body: await response.json(), close: () => server.close() };
    }

    // A handler the compiler cannot check (its body comes from untyped data) answering outside its operation.
    const drifted = implement(operation, { handle: async () => ({ status: 200, body: JSON.parse('{"count":"7"}') as { count: number } }) });
    const undeclared = implement(operation, { handle: async () => ({ status: 201 as 200, body: { count: 1 } }) });

    test('an answer outside its schema is a 500, never sent to the client', async () => {
      const served = await serve(drifted, true);
      served.close();
      assert.equal(served.status, 500);
      assert.deepEqual(Object.keys(served.body as object), ['error']);
    });

    test('a status the operation does not declare is a 500', async () => {
      const served = await serve(undeclared, true);
      served.close();
      assert.equal(served.status, 500);
    });

    test('with the check off (production), the same answer goes out unchecked', async () => {
      const served = await serve(drifted, false);
      served.close();
      assert.deepEqual([served.status, served.body], [200, { count: '7' }]);
    });

    test('a conforming answer passes', async () => {
      const served = await serve(implement(operation, { handle: async () => ({ status: 200, body: { count: 3 } }) }), true);
      served.close();
      assert.deepEqual([served.status, served.body], [200, { count: 3 }]);
    });
  });
});
