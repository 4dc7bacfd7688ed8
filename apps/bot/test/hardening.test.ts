/**
 * The attacks of the hardening review (issue 13), each reproduced against a real server: work before
 * authentication, operator sockets outliving their session, same-site pages acting with the operator's cookie,
 * inputs that used to give 500s, and the settings for running behind a proxy.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import { SESSION_COOKIE } from '../src/auth/session-cookie.ts';
import type { Database } from '../src/db/database.ts';
import { createSession } from '../src/db/session-store.ts';
import { LOGIN_ATTEMPTS } from '../src/http/rate-limit.ts';
import { forEachEngine } from './support/engines.ts';
import {
  assertApiError,
  call,
  connectCustomer,
  CONSOLE_ORIGIN,
  login,
  seedWorkspace,
  startApi,
  type ApiHarness,
  type SeededWorkspace,
} from './support/api-harness.ts';

/** An /operator connection with these handshake headers and auth; resolves once connected or refused. */
async function operatorSocket(
  api: ApiHarness,
  options: { token?: string; headers?: Record<string, string> },
): Promise<{ socket: Socket; refused?: { message: string; data?: { code: string } } }> {
  const socket = connect(`${api.origin}/operator`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.headers ?? {},
  });
  api.sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: { code: string } }) => resolve({ socket, refused: error }));
  });
}

const disconnected = (socket: Socket, timeoutMs = 5000) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket stayed connected')), timeoutMs);
    socket.once('disconnect', (reason) => (clearTimeout(timer), resolve(reason)));
  });

/** A raw HTTP request, for what fetch will not send (a lying Content-Encoding, raw paths). */
function rawRequest(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path ?? target.pathname,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

forEachEngine((engine) => {
  let db: Database;
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let conversationId: string;

  before(async () => {
    db = await engine.migrated();
    api = await startApi(db, { app: { metricsToken: 'metrics-token-for-tests' } });
    acme = await seedWorkspace(db, 'Acme');
    const customer = await connectCustomer(api, acme.bot);
    const joined = await customer.emitWithAck('conversation:join', { lastSeq: 0 });
    conversationId = joined.conversationId;
  });
  after(() => api?.close());

  describe('no work before authentication', () => {
    test('an anonymous import body is never parsed: malformed JSON gets 401, not a parse error', async () => {
      // Parsing first answered this with 400 "not valid JSON"; authenticating first never looks at it.
      const body = `[${'{},'.repeat(300_000)}`;
      const response = await call(`${api.base}/bots/${acme.bot.id}/examples/import`, { body, headers: {} });
      assertApiError(response, 401, 'unauthorized');
    });

    test('an agent is refused (403) before the 5 MB body is read; an admin gets it parsed and checked', async () => {
      const body = `[${'{},'.repeat(1000)}`;
      const agent = await call(`${api.base}/bots/${acme.bot.id}/examples/import`, { body, token: await login(api.base, acme.agent.email) });
      assertApiError(agent, 403, 'unauthorized');
      const admin = await call(`${api.base}/bots/${acme.bot.id}/examples/import`, { body, token: await login(api.base, acme.admin.email) });
      assertApiError(admin, 400, 'invalid_payload');
    });

    test('a declared body over the route limit is refused with 413 before it is read', async () => {
      const token = await login(api.base, acme.admin.email);
      const response = await rawRequest(`${api.base}/bots/${acme.bot.id}/examples`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': String(1024 * 1024) },
        body: '{}',
      });
      assert.equal(response.status, 413, response.body);
    });
  });

  describe('operator sockets end with their session', () => {
    test('logout closes the sockets of that session, and only those', async () => {
      const token = await login(api.base, acme.agent.email);
      const other = await login(api.base, acme.agent.email);
      const { socket } = await operatorSocket(api, { token });
      const { socket: otherSocket } = await operatorSocket(api, { token: other });
      const errors: unknown[] = [];
      socket.on('error', (error) => errors.push(error));
      const closed = disconnected(socket);
      assert.equal((await call(`${api.base}/auth/logout`, { method: 'POST', token })).status, 204);
      assert.equal(await closed, 'io server disconnect');
      assert.deepEqual(errors, [{ code: 'unauthorized', message: 'logged out' }]);
      assert.ok(otherSocket.connected, 'another session of the same operator stays connected');
    });

    test('a session that expires closes its socket', async () => {
      const { token } = await createSession(db, acme.agent.id, 1500);
      const { socket } = await operatorSocket(api, { token });
      assert.equal(await disconnected(socket), 'io server disconnect');
    });

    test('every event checks the session: one ended elsewhere is refused and the socket closed', async () => {
      const token = await login(api.base, acme.admin.email);
      const { socket } = await operatorSocket(api, { token });
      const watched = await socket.emitWithAck('conversation:watch', { conversationId, lastSeq: 0 });
      assert.equal(watched.ok, true, JSON.stringify(watched));
      // As a second server (or a database admin) would end it: no logout on this server.
      await db.query('DELETE FROM operator_sessions WHERE expires_at > now() AND operator_id = $1', [acme.admin.id]);
      const closed = disconnected(socket);
      const note = await socket.emitWithAck('note:add', { conversationId, clientMessageId: 'n-after-logout', text: 'still here?' });
      assert.deepEqual(note, { ok: false, error: { code: 'unauthorized', message: 'the session has ended; log in again' } });
      await closed;
      const notes = await db.query("SELECT 1 FROM messages WHERE conversation_id = $1 AND client_message_id = 'n-after-logout'", [
        conversationId,
      ]);
      assert.equal(notes.rows.length, 0, 'the note was not added');
    });
  });

  describe('same-site pages may not act with the operator cookie', () => {
    const otherPort = () => `http://127.0.0.1:${Number(new URL(api.origin).port) + 1}`;

    test('an operator socket opened from another origin with the cookie is refused; own and console origins connect', async () => {
      const token = await login(api.base, acme.admin.email);
      const cookie = `${SESSION_COOKIE}=${token}`;
      const foreign = await operatorSocket(api, { headers: { cookie, origin: otherPort() } });
      assert.equal(foreign.refused?.data?.code, 'unauthorized');
      assert.match(foreign.refused?.message ?? '', /unauthorized/);
      const own = await operatorSocket(api, { headers: { cookie, origin: api.origin } });
      assert.equal(own.refused, undefined);
      const console = await operatorSocket(api, { headers: { cookie, origin: CONSOLE_ORIGIN } });
      assert.equal(console.refused, undefined);
      const sandboxed = await operatorSocket(api, { headers: { cookie, origin: 'null' } });
      assert.equal(sandboxed.refused?.data?.code, 'unauthorized');
    });

    test('a state-changing cookie request from another origin, or flagged same-site, is refused with 403', async () => {
      const token = await login(api.base, acme.admin.email);
      const cookie = `${SESSION_COOKIE}=${token}`;
      const close = (headers: Record<string, string>) =>
        call(`${api.base}/conversations/${conversationId}/close`, { method: 'POST', headers });
      assertApiError(await close({ cookie, origin: otherPort() }), 403, 'unauthorized');
      assertApiError(await close({ cookie, 'sec-fetch-site': 'same-site' }), 403, 'unauthorized');
      const conversation = await db.query<{ status: string }>('SELECT status FROM conversations WHERE id = $1', [conversationId]);
      assert.notEqual(conversation.rows[0]!.status, 'closed', 'nothing was closed');
      // A login from a foreign page is refused too (login CSRF), and reads stay open to the cookie's own pages.
      const loginFromAfar = await call(`${api.base}/auth/login`, {
        body: { email: acme.admin.email, password: 'x' },
        headers: { origin: otherPort() },
      });
      assertApiError(loginFromAfar, 403, 'unauthorized');
      assert.equal((await call(`${api.base}/auth/me`, { headers: { cookie, origin: otherPort() } })).status, 200);
      assert.equal((await close({ cookie, origin: api.origin })).status, 200);
    });
  });

  describe('inputs that gave 500s', () => {
    test('an undecodable path is a 400, not a 500', async () => {
      const token = await login(api.base, acme.admin.email);
      assertApiError(await call(`${api.base}/bots/%ff/intents`, { token }), 400, 'invalid_payload');
      assertApiError(await call(`${api.base}/bots/%ff/intents`), 400, 'invalid_payload');
    });

    test('a Content-Encoding that does not decode, or is unknown, is a 4xx', async () => {
      const token = await login(api.base, acme.admin.email);
      for (const encoding of ['gzip', 'deflate', 'br', 'x-unknown']) {
        const response = await rawRequest(`${api.base}/bots/${acme.bot.id}/examples`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding, authorization: `Bearer ${token}` },
          body: '{"name":"x"}',
        });
        assert.ok(response.status >= 400 && response.status < 500, `${encoding}: ${response.status} ${response.body}`);
      }
    });

    test('NUL characters are refused with 400 on REST and sockets, and never reach the database', async () => {
      const classify = await call(`${api.base}/classify`, { token: acme.apiKey, body: { texts: ['hello\u0000world'] } });
      assert.match(assertApiError(classify, 400, 'invalid_payload'), /body\.texts\[0\]: .*NUL/);
      const token = await login(api.base, acme.admin.email);
      assertApiError(await call(`${api.base}/bots/${acme.bot.id}/examples?q=%00`, { token }), 400, 'invalid_payload');
      const customer = await connectCustomer(api, acme.bot);
      const { conversationId: own } = await customer.emitWithAck('conversation:join', { lastSeq: 0 });
      const sent = await customer.emitWithAck('message:send', { conversationId: own, clientMessageId: 'nul-1', text: 'a\u0000b' });
      assert.equal(sent.ok, false);
      assert.equal(sent.ok === false && sent.error.code, 'invalid_payload');
      const fine = await customer.emitWithAck('message:send', { conversationId: own, clientMessageId: 'nul-2', text: 'after that, hello' });
      assert.equal(fine.ok, true, 'the conversation still takes messages');
    });

    test('an acked event sent without a callback is answered with an error event, and nothing is left unhandled', async () => {
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => rejections.push(reason);
      process.on('unhandledRejection', onRejection);
      try {
        const customer = await connectCustomer(api, acme.bot);
        const { conversationId: own } = await customer.emitWithAck('conversation:join', { lastSeq: 0 });
        const error = new Promise((resolve) => customer.once('error', resolve));
        customer.emit('message:send', { conversationId: own, clientMessageId: 'no-ack', text: 'hi' });
        assert.deepEqual(await error, {
          code: 'invalid_payload',
          message: 'this event needs an acknowledgement callback',
          event: 'message:send',
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.deepEqual(rejections, []);
      } finally {
        process.off('unhandledRejection', onRejection);
      }
    });
  });

  test('/favicon.ico is an icon, not a 404 in every browser console', async () => {
    const icon = await fetch(`${api.origin}/favicon.ico`);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
    assert.match(await icon.text(), /^<svg /);
  });

  describe('exposure and health', () => {
    test('/metrics needs the token; /healthz is liveness and /readyz readiness', async () => {
      assert.equal((await fetch(`${api.origin}/metrics`)).status, 401);
      assert.equal((await fetch(`${api.origin}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
      const metrics = await fetch(`${api.origin}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-tests' } });
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /parley_messages_total/);
      assert.equal((await fetch(`${api.origin}/healthz`)).status, 200);
      const ready = await fetch(`${api.origin}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { ok: true, database: 'up', models: 'loaded' });
    });
  });
}, 'pglite');

forEachEngine((engine) => {
  let api: ApiHarness;
  let proxied: ApiHarness;
  let acme: SeededWorkspace;
  let failing = false;

  before(async () => {
    const db = await engine.migrated();
    // A database that can be made to fail, as an outage would.
    const flaky: Database = {
      kind: db.kind,
      query: <T>(sql: string, params?: readonly unknown[]) =>
        failing ? Promise.reject(new Error('connection refused')) : db.query<T>(sql, params),
      exec: (sql) => db.exec(sql),
      transaction: (fn) => db.transaction(fn),
      close: () => db.close(),
    };
    api = await startApi(flaky);
    proxied = await startApi(db, { app: { trustProxy: 'loopback', maxConnectionsPerIp: 4 } });
    acme = await seedWorkspace(db, 'Proxied');
  });
  after(async () => {
    await api?.close();
    await proxied?.close();
  });

  test('/readyz is 503 while the database is down; /healthz stays 200', async () => {
    failing = true;
    try {
      const ready = await fetch(`${api.origin}/readyz`);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { ok: false, database: 'down', models: 'loaded' });
      assert.equal((await fetch(`${api.origin}/healthz`)).status, 200);
    } finally {
      failing = false;
    }
  });

  test('without a metrics token /metrics is not served', async () => {
    assert.equal((await fetch(`${api.origin}/metrics`)).status, 404);
  });

  test('over plain HTTP: no HSTS, no upgrade-insecure-requests, no Secure cookie; over HTTPS at a trusted proxy: all three', async () => {
    const plain = await call(`${api.base}/auth/login`, { body: { email: 'nobody@example.com', password: 'x' } });
    assert.equal(plain.headers.get('strict-transport-security'), null);
    assert.doesNotMatch(plain.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
    const ignored = await fetch(`${api.origin}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(ignored.headers.get('strict-transport-security'), null, 'an untrusted peer cannot claim HTTPS');

    const secure = await call(`${proxied.base}/auth/login`, {
      body: { email: acme.admin.email, password: 'correct horse battery' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(secure.status, 200);
    assert.match(secure.headers.get('strict-transport-security') ?? '', /max-age=/);
    assert.match(secure.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
    assert.match(secure.headers.get('set-cookie') ?? '', /;\s*Secure/i);
  });

  test('with trust proxy, the login throttle counts each forwarded client apart', async () => {
    const attempt = (ip: string) =>
      call(`${proxied.base}/auth/login`, {
        body: { email: acme.agent.email, password: 'wrong password' },
        headers: { 'x-forwarded-for': ip },
      });
    for (let i = 0; i < LOGIN_ATTEMPTS; i++) assert.equal((await attempt('203.0.113.7')).status, 401);
    assert.equal((await attempt('203.0.113.7')).status, 429);
    assert.equal((await attempt('198.51.100.9')).status, 401, 'another client behind the proxy is not locked out');
    // Without trust proxy the header is anyone's to forge, so it is ignored.
    for (let i = 0; i < LOGIN_ATTEMPTS; i++)
      await call(`${api.base}/auth/login`, {
        body: { email: 'x@example.com', password: 'wrong' },
        headers: { 'x-forwarded-for': `192.0.2.${i}` },
      });
    assert.equal(
      (
        await call(`${api.base}/auth/login`, {
          body: { email: 'x@example.com', password: 'wrong' },
          headers: { 'x-forwarded-for': '192.0.2.99' },
        })
      ).status,
      429,
    );
  });

  test('open connections per peer are capped, except for trusted proxies', async () => {
    const open: TcpSocket[] = [];
    const capped = await startApi(await engine.migrated(), { app: { maxConnectionsPerIp: 3 } });
    try {
      const cappedPort = Number(new URL(capped.origin).port);
      const closedEarly = await Promise.all(
        Array.from({ length: 5 }, () => {
          const socket = tcpConnect(cappedPort, '127.0.0.1');
          open.push(socket);
          return new Promise<boolean>((resolve) => {
            socket.once('close', () => resolve(true));
            setTimeout(() => resolve(false), 500);
          });
        }),
      );
      assert.equal(closedEarly.filter(Boolean).length, 2, 'the connections past the cap were closed');
      // proxied trusts loopback: its cap of 4 does not apply to the proxy itself.
      const many = Array.from({ length: 8 }, () => fetch(`${proxied.origin}/healthz`).then((response) => response.status));
      assert.deepEqual(await Promise.all(many), Array(8).fill(200));
    } finally {
      for (const socket of open) socket.destroy();
      await capped.close();
    }
  });
}, 'pglite');
