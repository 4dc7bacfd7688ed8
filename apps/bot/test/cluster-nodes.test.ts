/**
 * Two bot server processes on one PostgreSQL and one Redis (issue 17, parts 1 and 3): what one node does reaches
 * the clients of the other, limits count across both, a promoted model is served by both, and a node whose Redis
 * connections drop keeps answering and catches up.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { io as connect, type Socket } from 'socket.io-client';
import type { ConversationSummary, HandoffRequestedEvent, OperatorConversationEvent } from '@parley/protocol';
import { createApiKey } from '../src/db/api-key-store.ts';
import { addModelVersion } from '../src/db/model-version-store.ts';
import { LOGIN_ATTEMPTS } from '../src/http/rate-limit.ts';
import type { CustomerClient, OperatorClient } from './support/bot-harness.ts';
import { startClusterNodes, type ClusterNodes } from './support/cluster-nodes.ts';
import { EventLog } from './support/events.ts';
import { tinyModelDir } from './support/tiny-model.ts';
import { withDatabase } from '../../../tests/support/seed-bot.ts';

let cluster: ClusterNodes;
const sockets: Socket[] = [];
const node = (i: 0 | 1) => cluster.nodes[i]!.url;

async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function login(base: string): Promise<string> {
  const { status, body } = await postJson(`${base}/api/v1/auth/login`, cluster.seed.admin);
  assert.equal(status, 200, JSON.stringify(body));
  return (body as { token: string }).token;
}

function connected<S extends CustomerClient | OperatorClient>(socket: S): Promise<S> {
  const plain = socket as unknown as Socket;
  sockets.push(plain);
  return new Promise((resolve, reject) => {
    plain.once('connect', () => resolve(socket));
    plain.once('connect_error', reject);
  });
}

const operatorOn = (base: string, token: string) =>
  connected<OperatorClient>(connect(`${base}/operator`, { transports: ['websocket'], auth: { token }, forceNew: true }));

async function customerOn(base: string): Promise<{ socket: CustomerClient; conversationId: string; send(text: string): Promise<void> }> {
  const socket = await connected<CustomerClient>(
    connect(`${base}/customer`, { transports: ['websocket'], auth: { botKey: cluster.seed.publicKey }, forceNew: true }),
  );
  const joined = await socket.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 0 });
  assert.ok(joined.ok, JSON.stringify(joined));
  const { conversationId } = joined;
  return {
    socket,
    conversationId,
    async send(text) {
      const sent = await socket.timeout(10_000).emitWithAck('message:send', { conversationId, clientMessageId: randomUUID(), text });
      assert.ok(sent.ok, JSON.stringify(sent));
    },
  };
}

async function classifyVersion(base: string, key: string): Promise<string> {
  const { status, body } = await postJson(`${base}/api/v1/classify`, { texts: ['where is my order'] }, key);
  assert.equal(status, 200, JSON.stringify(body));
  return (body as { model: { version: string } }).model.version;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two bot nodes on one PostgreSQL and one Redis', { timeout: 120_000 }, () => {
  before(async () => {
    cluster = await startClusterNodes(2);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await cluster?.close();
  });

  test('an operator on node A follows, live, a customer chatting on node B', async () => {
    const operator = await operatorOn(node(0), await login(node(0)));
    const inbox = new EventLog<{ conversation: ConversationSummary }>(operator, 'inbox:update');
    const events = new EventLog<OperatorConversationEvent>(operator, 'conversation:event');
    const handoffs = new EventLog<HandoffRequestedEvent>(operator, 'handoff:requested');
    assert.ok((await operator.timeout(5_000).emitWithAck('inbox:subscribe', {})).ok);

    const customer = await customerOn(node(1));
    await customer.send('where is my order');
    await inbox.waitFor((update) => update.conversation.conversationId === customer.conversationId, 5_000);

    const watched = await operator
      .timeout(5_000)
      .emitWithAck('conversation:watch', { conversationId: customer.conversationId, lastSeq: 0 });
    assert.ok(watched.ok, JSON.stringify(watched));
    await customer.send('I want my money back');
    const live = await events.waitFor((event) => event.type === 'message' && event.message.text === 'I want my money back', 5_000);
    assert.equal(live.conversationId, customer.conversationId);

    const handoff = await customer.socket.timeout(5_000).emitWithAck('handoff:request', { conversationId: customer.conversationId });
    assert.ok(handoff.ok, JSON.stringify(handoff));
    const requested = await handoffs.waitFor((event) => event.conversation.conversationId === customer.conversationId, 5_000);
    assert.equal(requested.reason, 'customer_request');
  });

  test('logging out on node B closes the session’s live connection on node A', async () => {
    const token = await login(node(0));
    const operator = await operatorOn(node(0), token);
    const closed = new Promise<string>((resolve) => operator.once('disconnect', resolve));
    const { status } = await postJson(`${node(1)}/api/v1/auth/logout`, {}, token);
    assert.equal(status, 204);
    assert.equal(await closed, 'io server disconnect');
  });

  test('login attempts made on either node count against one limit', async () => {
    const wrong = { email: 'nobody@shop.test', password: 'not-the-password' };
    for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
      const { status } = await postJson(`${node((i % 2) as 0 | 1)}/api/v1/auth/login`, wrong);
      assert.equal(status, 401, `attempt ${i + 1}`);
    }
    // Each node saw only half of them: with per-node limits both would still let the next one through.
    for (const base of [node(0), node(1)]) assert.equal((await postJson(`${base}/api/v1/auth/login`, wrong)).status, 429);
  });

  test('a model promoted on node A is served by node B within two seconds', async () => {
    const tiny = await tinyModelDir();
    // A candidate in the shared data directory, as training would write it.
    const artifactDir = path.join(cluster.dataDir, 'models', 'tiny-candidate');
    cpSync(tiny.dir, artifactDir, { recursive: true });
    const key = await withDatabase(cluster.database.url, async (db) => {
      await addModelVersion(db, { botId: cluster.seed.botId, version: 'tiny-candidate', artifactDir });
      return (await createApiKey(db, { botId: cluster.seed.botId })).key;
    });
    assert.equal(await classifyVersion(node(1), key), tiny.version);

    const token = await login(node(0));
    const promoted = await postJson(
      `${node(0)}/api/v1/bots/${cluster.seed.botId}/model-versions/tiny-candidate/promote`,
      { overrideReason: 'cluster test' },
      token,
    );
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    const started = Date.now();
    await eventually(
      async () => ((await classifyVersion(node(1), key)) === 'tiny-candidate' ? true : undefined),
      2_000,
      'node B serving it',
    );
    assert.ok(Date.now() - started < 2_000);
  });

  test('a dropped operator connection recovers the events it missed, but only while its session lives', async () => {
    const token = await login(node(0));
    const operator = await operatorOn(node(0), token);
    const plain = operator as unknown as Socket;
    const events = new EventLog<OperatorConversationEvent>(operator, 'conversation:event');
    const customer = await customerOn(node(1));
    const watched = await operator
      .timeout(5_000)
      .emitWithAck('conversation:watch', { conversationId: customer.conversationId, lastSeq: 0 });
    assert.ok(watched.ok, JSON.stringify(watched));
    const drop = async () => {
      plain.io.reconnection(false);
      const dropped = new Promise<void>((resolve) => plain.once('disconnect', () => resolve()));
      plain.io.engine.close();
      await dropped;
    };

    // Recovery resumes from the last room packet the client received (its offset in the Redis stream).
    await customer.send('before the drop');
    await events.waitFor((event) => event.type === 'message' && event.message.text === 'before the drop', 5_000);
    await drop();
    await customer.send('sent while the operator was away');
    const reconnected = new Promise<void>((resolve) => plain.once('connect', () => resolve()));
    plain.connect();
    await reconnected;
    assert.equal(plain.recovered, true, 'the connection state was recovered');
    await events.waitFor((event) => event.type === 'message' && event.message.text === 'sent while the operator was away', 5_000);

    // Recovery runs the auth middleware again: a session that ended meanwhile gets nothing back.
    await drop();
    assert.equal((await postJson(`${node(1)}/api/v1/auth/logout`, {}, token)).status, 204);
    const outcome = new Promise<string>((resolve) => {
      plain.once('connect_error', (error) => resolve(error.message));
      plain.once('connect', () => resolve('connected'));
    });
    plain.connect();
    assert.equal(await outcome, 'unauthorized');
  });

  test('a node whose Redis connections drop keeps answering customers, and catches up', async () => {
    const operator = await operatorOn(node(0), await login(node(0)));
    const inbox = new EventLog<{ conversation: ConversationSummary }>(operator, 'inbox:update');
    assert.ok((await operator.timeout(5_000).emitWithAck('inbox:subscribe', {})).ok);
    const customer = await customerOn(node(1));
    const answers = new EventLog<{ type: string; message?: { author: string } }>(customer.socket, 'conversation:event');

    assert.ok((await cluster.dropRedisConnections(cluster.nodes[1]!)) >= 2, 'node B has its own named connections');
    // Straight after the drop: the customer is answered, and limited requests fall back instead of failing.
    await customer.send('where is my order');
    await answers.waitFor((event) => event.type === 'message' && event.message?.author === 'bot', 10_000);
    const wrong = { email: 'blip@shop.test', password: 'not-the-password' };
    assert.equal((await postJson(`${node(1)}/api/v1/auth/login`, wrong)).status, 401);

    const ready = await eventually(
      async () => {
        const response = await fetch(`${node(1)}/readyz`);
        const body = (await response.json()) as { redis?: string };
        return response.status === 200 && body.redis === 'up' ? body : undefined;
      },
      5_000,
      'node B reporting Redis up again',
    );
    assert.equal(ready.redis, 'up');
    // Connected again: what happens on B reaches A's operator again.
    const seen = inbox.items.length;
    await customer.send('I want my money back');
    await eventually(
      async () =>
        inbox.items.slice(seen).some((update) => update.conversation.conversationId === customer.conversationId) ? true : undefined,
      5_000,
      "the operator on A hearing of B's customer",
    );
  });
});
