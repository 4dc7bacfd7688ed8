import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { createBotServer, finishRoutes, type BotServer } from '../src/server/create-server.ts';

test('configuration: defaults, empty values as unset, and every bad value named', () => {
  const config = loadConfig({ PORT: '', DATABASE_URL: '' });
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.match(config.dataDir, /data$/);
  assert.equal(loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h/db' }).databaseUrl, 'postgres://u@h/db');
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PARLEY_DEMO_API_KEY: 'short' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      /PORT/.test(error.message) &&
      /DATABASE_URL/.test(error.message) &&
      /PARLEY_DEMO_API_KEY/.test(error.message),
  );
  assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
  assert.equal(config.pgPreparedStatements, true);
  assert.equal(loadConfig({ PARLEY_PG_PREPARE: 'off' }).pgPreparedStatements, false);
  assert.throws(() => loadConfig({ PARLEY_PG_PREPARE: 'maybe' }), /PARLEY_PG_PREPARE/);
  assert.equal(config.demoDataDir, undefined);
  assert.match(loadConfig({ PARLEY_DEMO_DATA_DIR: 'my-demo' }).demoDataDir!, /my-demo$/);
});

let server: BotServer;
let base: string;
const sockets: Socket[] = [];
const conversationId = '5a3c6a1e-9b1f-4c2d-8e7f-0123456789ab';

function customer(): Promise<Socket> {
  const socket = connect(`${base}/customer`, { transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const nextError = (socket: Socket) => new Promise<{ code: string; message: string }>((resolve) => socket.once('error', resolve));

before(async () => {
  server = createBotServer(pino({ level: 'silent' }));
  base = `http://127.0.0.1:${await server.listen(0)}`;
});
after(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
});

test('a valid event reaches its handler with the parsed payload', async () => {
  const received = new Promise<unknown>((resolve) => server.customers.on('connection', (s) => s.on('typing', resolve)));
  const socket = await customer();
  socket.emit('typing', { conversationId, isTyping: true });
  assert.deepEqual(await received, { conversationId, isTyping: true });
});

test('an unknown event or a bad payload gets an error event, never a handler call', async () => {
  const socket = await customer();
  let unknown = nextError(socket);
  socket.emit('delete-everything', { all: true });
  assert.equal((await unknown).code, 'unknown_event');
  unknown = nextError(socket);
  socket.emit('typing', { conversationId: 42, isTyping: 'yes' });
  const invalid = await unknown;
  assert.equal(invalid.code, 'invalid_payload');
  assert.match(invalid.message, /conversationId|isTyping/);
});

test('an event with an ack gets the error through the ack', async () => {
  const socket = await customer();
  const reply = await socket.timeout(2000).emitWithAck('message:send', { conversationId, clientMessageId: 'm1' });
  assert.equal(reply.ok, false);
  assert.equal(reply.error.code, 'invalid_payload');
});

test('garbage and oversized packets never take the server down', async () => {
  const socket = await customer();
  const junk: unknown[] = [null, 0, 'x', [], [[[]]], { __proto__: { polluted: true } }, { conversationId: 'a'.repeat(10_000) }, true];
  let errors = 0;
  socket.on('error', () => errors++);
  for (let i = 0; i < 200; i++) socket.emit(['typing', 'read', 'message:send', 'nope', '__proto__'][i % 5]!, junk[i % junk.length]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(errors >= 100, `only ${errors} error events`);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);

  const big = await customer();
  const closed = new Promise((resolve) => big.once('disconnect', resolve));
  big.emit('typing', { conversationId, isTyping: true, pad: 'x'.repeat(200_000) });
  await closed; // Socket.IO drops a connection that sends more than maxHttpBufferSize

  const health = await fetch(`${base}/healthz`);
  assert.equal(health.status, 200);
  const again = await customer();
  assert.ok(again.connected);
});

test('security headers are set (helmet) and the framework is not advertised', async () => {
  const response = await fetch(`${base}/healthz`);
  assert.equal(response.headers.get('x-powered-by'), null);
  assert.ok(response.headers.get('content-security-policy'));
});

test('unknown pages and failing routes answer JSON, never a stack trace', async () => {
  server.app.get('/explode', () => {
    throw new Error('secret internals');
  });
  finishRoutes(server.app, pino({ level: 'silent' }));
  const missing = await fetch(`${base}/nope`);
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: { code: 'not_found', message: 'no such page' } });
  const failed = await fetch(`${base}/explode`);
  assert.equal(failed.status, 500);
  const body = await failed.text();
  assert.doesNotMatch(body, /secret internals|at /);
  assert.equal(JSON.parse(body).error.code, 'internal');
});
