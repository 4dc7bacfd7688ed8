import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { consoleRoute } from '../src/http/console-route.ts';
import { finishRoutes } from '../src/server/create-server.ts';
import { silentLogger } from './support/logger.ts';

/** An app with only the console route and the server's closing 404/500 handlers, on loopback. */
async function serve(dir: string): Promise<{ base: string; close(): Promise<void> }> {
  const app = express();
  app.use(consoleRoute(dir));
  finishRoutes(app, silentLogger());
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the console route', () => {
  const built = mkdtempSync(path.join(os.tmpdir(), 'parley-console-'));
  let app: Awaited<ReturnType<typeof serve>>;
  let unbuilt: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    mkdirSync(path.join(built, 'assets'));
    writeFileSync(
      path.join(built, 'index.html'),
      '<!doctype html><title>Parley console</title><script type="module" src="/console/assets/app-1a2b.js"></script>',
    );
    writeFileSync(path.join(built, 'assets', 'app-1a2b.js'), 'console.log("app")');
    app = await serve(built);
    unbuilt = await serve(path.join(built, 'missing'));
  });

  after(async () => {
    await app.close();
    await unbuilt.close();
    rmSync(built, { recursive: true, force: true });
  });

  test('client-side routes get index.html, revalidated on every load', async () => {
    for (const route of ['/console', '/console/', '/console/models', '/console/inbox/0b7f5c1e-1111-4222-8333-944455556666']) {
      const response = await fetch(`${app.base}${route}`);
      assert.equal(response.status, 200, route);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(response.headers.get('cache-control'), 'no-cache', route);
      assert.match(await response.text(), /<title>Parley console<\/title>/);
    }
  });

  test('hashed assets are cached for good', async () => {
    const response = await fetch(`${app.base}/console/assets/app-1a2b.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /javascript/);
    assert.match(response.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
    assert.equal(await response.text(), 'console.log("app")');
  });

  test('a missing asset is a JSON 404, not the app', async () => {
    const response = await fetch(`${app.base}/console/assets/app-old.js`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: { code: 'not_found', message: 'no such page' } });
  });

  test('without a build the route says how to make one', async () => {
    const response = await fetch(`${unbuilt.base}/console/models`);
    assert.equal(response.status, 503);
    assert.match(await response.text(), /npm run bundle -w @parley\/console/);
  });
});
