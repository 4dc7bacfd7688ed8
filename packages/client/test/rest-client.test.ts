import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { createRestClient, ParleyApiError } from '../src/index.ts';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A local server whose next answer each test sets, recording what each request looked like. */
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

const CLASSIFIED = {
  model: { version: 'v1' },
  results: [{ text: 'hi', language: 'en', intent: null, sentiment: null }],
};

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

async function rejection(promise: Promise<unknown>): Promise<ParleyApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ParleyApiError, `expected a ParleyApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

test('a call sends method, path under /api/v1, JSON body and bearer token, and answers the parsed body', async () => {
  answer = json(200, { ...CLASSIFIED, extra: 'stripped' });
  const client = createRestClient({ baseUrl, token: 'sk_test' });
  const result = await client.classify({ body: { texts: ['hi'] } });
  assert.deepEqual(result, CLASSIFIED, 'parsed with the operation schema: unknown keys stripped');
  assert.deepEqual(seen, [
    { method: 'POST', url: '/api/v1/classify', authorization: 'Bearer sk_test', contentType: 'application/json', body: '{"texts":["hi"]}' },
  ]);
});

test('params and query end up in the URL; a GET sends no body', async () => {
  answer = json(200, { bots: [] });
  const client = createRestClient({ baseUrl });
  await client.listBots();
  answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/csv' }).end('text,label,split\n');
  const file = await client.exportExamples({ params: { botId: 'b 1' }, query: { task: 'intent', format: 'csv' } });
  assert.equal(file, 'text,label,split\n', 'a download answers its text');
  assert.deepEqual(
    seen.map((s) => [s.method, s.url, s.authorization, s.body]),
    [
      ['GET', '/api/v1/bots', undefined, ''],
      ['GET', '/api/v1/bots/b%201/examples/export?task=intent&format=csv', undefined, ''],
    ],
  );
  assert.equal(
    client.urlOf('exportExamples', { params: { botId: 'b 1' }, query: { task: 'intent', format: 'jsonl' } }),
    `${baseUrl}api/v1/bots/b%201/examples/export?task=intent&format=jsonl`,
  );
});

test('a token function is asked on every call', async () => {
  answer = json(200, { bots: [] });
  let token: string | undefined = undefined;
  const client = createRestClient({ baseUrl, token: () => token });
  await client.listBots();
  token = 'session-1';
  await client.listBots();
  assert.deepEqual(
    seen.map((s) => s.authorization),
    [undefined, 'Bearer session-1'],
  );
});

test("an error answer becomes a ParleyApiError with the server's status, code, message and retryAfterMs", async () => {
  const client = createRestClient({ baseUrl, token: 'sk_test' });
  answer = json(429, { error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 1500 } }, { 'retry-after': '2' });
  const limited = await rejection(client.classify({ body: { texts: ['hi'] } }));
  assert.deepEqual([limited.status, limited.code, limited.message, limited.retryAfterMs], [429, 'rate_limited', 'slow down', 1500]);
  assert.equal(limited.name, 'ParleyApiError');

  answer = json(404, { error: { code: 'not_found', message: 'No such bot' } });
  const missing = await rejection(client.listIntents({ params: { botId: 'nope' } }));
  assert.deepEqual([missing.status, missing.code, missing.retryAfterMs], [404, 'not_found', undefined]);
});

test('an error answer that is not the error shape is bad_response, with the status', async () => {
  const client = createRestClient({ baseUrl });
  answer = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
  const gateway = await rejection(client.listBots());
  assert.deepEqual([gateway.status, gateway.code], [502, 'bad_response']);
  answer = json(500, { message: 'not ours' });
  assert.equal((await rejection(client.listBots())).code, 'bad_response');
});

test('a success answer that breaks the contract is bad_response, unless validation is off', async () => {
  answer = json(200, { bots: 'not a list' });
  const strict = await rejection(createRestClient({ baseUrl }).listBots());
  assert.deepEqual([strict.status, strict.code], [200, 'bad_response']);
  assert.match(strict.message, /listBots/);
  const lenient = await createRestClient({ baseUrl, validateResponses: false }).listBots();
  assert.deepEqual(lenient, { bots: 'not a list' });
});

test('a 204 answers undefined', async () => {
  answer = (_req, res) => res.writeHead(204).end();
  assert.equal(await createRestClient({ baseUrl }).logout(), undefined);
});

test('onUnauthorized hears of a 401 from an operation that needs a login, not from a public one', async () => {
  const heard: ParleyApiError[] = [];
  const client = createRestClient({ baseUrl, token: 'expired', onUnauthorized: (error) => heard.push(error) });
  answer = json(401, { error: { code: 'unauthorized', message: 'session expired' } });
  assert.equal((await rejection(client.me())).code, 'unauthorized');
  assert.equal((await rejection(client.login({ body: { email: 'a@example.com', password: 'wrong' } }))).status, 401);
  assert.deepEqual(
    heard.map((e) => e.message),
    ['session expired'],
  );
});

test('an unreachable server is a network error with status 0', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const error = await rejection(createRestClient({ baseUrl: `http://127.0.0.1:${port}` }).listBots());
  assert.deepEqual([error.status, error.code], [0, 'network']);
});

test("a cancelled call throws the signal's abort error, not a network error", async () => {
  answer = (_req, res) => setTimeout(() => json(200, { bots: [] })(_req, res), 500);
  const controller = new AbortController();
  const call = createRestClient({ baseUrl }).listBots(undefined, { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(call, (error: unknown) => !(error instanceof ParleyApiError) && (error as Error).name === 'AbortError');
});

test('a custom fetch is used instead of the global one', async () => {
  const urls: string[] = [];
  const client = createRestClient({
    baseUrl: 'https://nowhere.example',
    fetch: async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ bots: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  assert.deepEqual(await client.listBots(), { bots: [] });
  assert.deepEqual(urls, ['https://nowhere.example/api/v1/bots']);
});
