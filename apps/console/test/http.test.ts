import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { ApiError } from '../src/api/api-error.ts';
import { apiUrl, request, setUnauthorizedListener } from '../src/api/http.ts';

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

// Each path answers the way the bot server (or a proxy in front of it) can.
const ROUTES: Record<string, Route> = {
  '/api/v1/ok': json(200, { hello: 'world' }),
  '/api/v1/conflict': json(409, { error: { code: 'conflict', message: 'A job is already running.' } }),
  '/api/v1/unauthorized': json(401, { error: { code: 'unauthorized', message: 'Log in first.' } }),
  '/api/v1/missing': (response) => response.writeHead(404).end(),
  '/api/v1/deleted': (response) => response.writeHead(204).end(),
  '/api/v1/broken': (response) => response.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>'),
  '/api/v1/odd-error': json(500, { error: { code: 42, message: null } }),
};

let seen: Seen[] = [];
const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
  let body = '';
  incoming.setEncoding('utf8');
  incoming.on('data', (chunk: string) => (body += chunk));
  incoming.on('end', () => {
    seen.push({ method: incoming.method!, url: incoming.url!, contentType: incoming.headers['content-type'], body });
    const route = ROUTES[new URL(incoming.url!, 'http://localhost').pathname];
    if (route) route(response);
    else json(418, { error: { code: 'unexpected', message: `No route for ${incoming.url}` } })(response);
  });
});

const realFetch = globalThis.fetch;
/** Node's fetch has no page to resolve the console's '/api/v1/…' paths against; the browser resolves them against the console's origin. */
const fetchFrom =
  (origin: string): typeof fetch =>
  (input, init) =>
    realFetch(new URL(String(input), origin), init);

const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
  const error = await promise.then(
    () => assert.fail('the request should have failed'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  return error;
};

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  globalThis.fetch = fetchFrom(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterEach(() => {
  seen = [];
  setUnauthorizedListener(null);
});

after(async () => {
  globalThis.fetch = realFetch;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('apiUrl', () => {
  it('puts the path under /api/v1 and leaves out empty and undefined query values', () => {
    assert.equal(
      apiUrl('/bots/b1/examples', { task: 'intent', label: '', q: undefined, limit: 100, mine: false }),
      '/api/v1/bots/b1/examples?task=intent&limit=100&mine=false',
    );
    assert.equal(apiUrl('/bots'), '/api/v1/bots');
  });

  it('encodes query values', () => {
    assert.equal(apiUrl('/x', { q: 'a&b c' }), '/api/v1/x?q=a%26b+c');
  });
});

describe('request', () => {
  it('sends JSON and answers the parsed body', async () => {
    const result = await request<{ hello: string }>('/ok', { method: 'POST', query: { limit: 5 }, body: { name: 'Ann' } });
    assert.deepEqual(result, { hello: 'world' });
    assert.deepEqual(seen, [{ method: 'POST', url: '/api/v1/ok?limit=5', contentType: 'application/json', body: '{"name":"Ann"}' }]);
  });

  it('sends a GET without a body or content type', async () => {
    await request('/ok');
    assert.deepEqual(seen, [{ method: 'GET', url: '/api/v1/ok', contentType: undefined, body: '' }]);
  });

  it("turns the server's error body into an ApiError", async () => {
    const error = await rejection(request('/conflict', { method: 'POST' }));
    assert.equal(error.status, 409);
    assert.equal(error.code, 'conflict');
    assert.equal(error.message, 'A job is already running.');
    assert.equal(error.name, 'ApiError');
  });

  it('names a 404 without a body as a feature the server lacks', async () => {
    const error = await rejection(request('/missing'));
    assert.deepEqual(
      [error.status, error.code, error.message],
      [404, 'http_error', 'This feature is not available on the server yet (404).'],
    );
  });

  it('answers undefined for 204', async () => {
    assert.equal(await request('/deleted', { method: 'DELETE' }), undefined);
    assert.equal(seen[0]!.method, 'DELETE');
  });

  it('falls back to the status line when the body is not JSON', async () => {
    const error = await rejection(request('/broken'));
    assert.deepEqual([error.status, error.code, error.message], [502, 'http_error', 'The server answered 502 Bad Gateway.']);
  });

  it('ignores an error body whose code and message are not strings', async () => {
    const error = await rejection(request('/odd-error'));
    assert.deepEqual([error.status, error.code, error.message], [500, 'http_error', 'The server answered 500 Internal Server Error.']);
  });

  it('tells the session listener about a 401, unless the caller expects one', async () => {
    let calls = 0;
    setUnauthorizedListener(() => calls++);
    const error = await rejection(request('/unauthorized'));
    assert.deepEqual([error.status, error.code, error.message], [401, 'unauthorized', 'Log in first.']);
    assert.equal(calls, 1);

    await rejection(request('/unauthorized', { quietUnauthorized: true }));
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
      const error = await rejection(request('/ok'));
      assert.deepEqual(
        [error.status, error.code, error.message],
        [0, 'network', 'The server cannot be reached. Check your connection and try again.'],
      );
    } finally {
      globalThis.fetch = serverFetch;
    }
  });
});
