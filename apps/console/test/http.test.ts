import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { ParleyApiError } from '@parley/client';
import { errorMessage } from '../src/api/api-error.ts';
import * as auth from '../src/api/auth.ts';
import { deleteIntent, exportUrl, fetchExamples, fetchIntents, saveIntent } from '../src/api/domain.ts';
import { setUnauthorizedListener } from '../src/api/http.ts';
import { fetchTrainingJobs } from '../src/api/models.ts';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

type Route = (response: ServerResponse) => void;

const json =
  (status: number, body: unknown): Route =>
  (response) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };

const BOT = '3f8a2c1e-0b7d-4c59-9a1e-5d2f6b8c4a10';
const intent = {
  name: 'refund',
  displayName: null,
  trainExamples: 3,
  testExamples: 1,
  answer: { text: 'Refunds take five days.' },
  translations: { zh: { displayName: null, answer: null } },
};

// Each path answers the way the bot server (or a proxy in front of it) can.
let routes: Record<string, Route> = {};
let seen: Seen[] = [];
const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
  let body = '';
  incoming.setEncoding('utf8');
  incoming.on('data', (chunk: string) => (body += chunk));
  incoming.on('end', () => {
    seen.push({ method: incoming.method!, url: incoming.url!, contentType: incoming.headers['content-type'], body });
    const route = routes[`${incoming.method} ${new URL(incoming.url!, 'http://localhost').pathname}`];
    if (route) route(response);
    else json(418, { error: { code: 'not_found', message: `No route for ${incoming.url}` } })(response);
  });
});

const realFetch = globalThis.fetch;
/** Node's fetch has no page to resolve the console's '/api/v1/…' paths against; the browser resolves them against the console's origin. */
const fetchFrom =
  (origin: string): typeof fetch =>
  (input, init) =>
    realFetch(new URL(String(input), origin), init);

const rejection = async (promise: Promise<unknown>): Promise<ParleyApiError> => {
  const error = await promise.then(
    () => assert.fail('the request should have failed'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof ParleyApiError, `expected a ParleyApiError, got ${String(error)}`);
  return error;
};

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  globalThis.fetch = fetchFrom(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterEach(() => {
  seen = [];
  routes = {};
  setUnauthorizedListener(null);
});

after(async () => {
  globalThis.fetch = realFetch;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('the console’s REST client', () => {
  it('links the examples export under /api/v1 of the page’s origin', () => {
    assert.equal(exportUrl('b 1', 'intent', 'csv'), '/api/v1/bots/b%201/examples/export?task=intent&format=csv');
  });

  it('sends JSON and answers the parsed body', async () => {
    routes[`PUT /api/v1/bots/${BOT}/intents/refund`] = json(200, { intent });
    const result = await saveIntent(BOT, 'refund', { answer: { text: 'Refunds take five days.' } });
    assert.deepEqual(result, { intent });
    assert.deepEqual(seen, [
      {
        method: 'PUT',
        url: `/api/v1/bots/${BOT}/intents/refund`,
        contentType: 'application/json',
        body: '{"answer":{"text":"Refunds take five days."}}',
      },
    ]);
  });

  it('sends a GET without a body or content type, with its query', async () => {
    routes[`GET /api/v1/bots/${BOT}/training-jobs`] = json(200, { jobs: [] });
    assert.deepEqual(await fetchTrainingJobs(BOT, 5), { jobs: [] });
    await rejection(fetchExamples(BOT, { task: 'intent', label: 'refund', q: undefined, limit: '100' }));
    assert.deepEqual(
      seen.map(({ method, url, contentType, body }) => [method, url, contentType, body]),
      [
        ['GET', `/api/v1/bots/${BOT}/training-jobs?limit=5`, undefined, ''],
        ['GET', `/api/v1/bots/${BOT}/examples?task=intent&label=refund&limit=100`, undefined, ''],
      ],
    );
  });

  it("turns the server's error body into a ParleyApiError", async () => {
    routes[`GET /api/v1/bots/${BOT}/intents`] = json(409, { error: { code: 'conflict', message: 'A job is already running.' } });
    const error = await rejection(fetchIntents(BOT));
    assert.deepEqual(
      [error.status, error.code, error.message, error.name],
      [409, 'conflict', 'A job is already running.', 'ParleyApiError'],
    );
  });

  it('answers undefined for 204', async () => {
    routes[`DELETE /api/v1/bots/${BOT}/intents/refund`] = (response) => response.writeHead(204).end();
    assert.equal(await deleteIntent(BOT, 'refund'), undefined);
    assert.equal(seen[0]!.method, 'DELETE');
  });

  it('reports an error answer that is not the API’s as bad_response with the status line', async () => {
    routes[`GET /api/v1/bots/${BOT}/intents`] = (response) =>
      response.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>');
    const error = await rejection(fetchIntents(BOT));
    assert.deepEqual([error.status, error.code, error.message], [502, 'bad_response', 'the server answered 502 Bad Gateway']);
  });

  it('refuses an answer that does not match the contract (answers are validated outside production builds)', async () => {
    routes[`GET /api/v1/bots/${BOT}/intents`] = json(200, { intents: [{ ...intent, trainExamples: 'three' }], sentimentLabels: [] });
    const error = await rejection(fetchIntents(BOT));
    assert.deepEqual([error.status, error.code], [200, 'bad_response']);
    assert.match(error.message, /^listIntents: the answer does not match the API contract/);
  });

  it('tells the session listener about a 401, but not about a wrong password at login', async () => {
    let calls = 0;
    setUnauthorizedListener(() => calls++);
    const unauthorized = json(401, { error: { code: 'unauthorized', message: 'Log in first.' } });
    routes['GET /api/v1/auth/me'] = unauthorized;
    routes['POST /api/v1/auth/login'] = unauthorized;

    const error = await rejection(auth.fetchMe());
    assert.deepEqual([error.status, error.code, error.message], [401, 'unauthorized', 'Log in first.']);
    assert.equal(calls, 1);

    await rejection(auth.login('ann@example.com', 'wrong'));
    assert.equal(calls, 1);
  });

  it('reports a server that cannot be reached as status 0, code network', async () => {
    // A port that was just free: nothing answers there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const serverFetch = globalThis.fetch;
    globalThis.fetch = fetchFrom(`http://127.0.0.1:${port}`);
    try {
      const error = await rejection(fetchIntents(BOT));
      assert.deepEqual([error.status, error.code], [0, 'network']);
      assert.match(error.message, /cannot be reached/);
      assert.equal(errorMessage(error), 'The server cannot be reached. Check your connection and try again.');
    } finally {
      globalThis.fetch = serverFetch;
    }
  });
});
