import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { hashSecret } from '../src/auth/secret-token.ts';
import { startVisitorPurge } from '../src/app/visitor-purge.ts';
import { openConversation } from '../src/db/conversation-store.ts';
import { createVisitor, mintVisitor, purgeIdleVisitors } from '../src/db/visitor-store.ts';
import { MintedVisitors } from '../src/realtime/minted-visitors.ts';
import { startHarness, type CustomerClient, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { silentLogger } from './support/logger.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('MintedVisitors', () => {
  test('finds a minted token on its own bot only, forgets the oldest beyond its bound, and expires entries', async () => {
    const minted = new MintedVisitors(3, 50);
    const tokens = Array.from({ length: 4 }, () => mintVisitor('bot-a'));
    for (const one of tokens) minted.remember(one);
    assert.equal(minted.size, 3);
    assert.equal(minted.find('bot-a', tokens[0]!.token), undefined, 'the oldest was dropped');
    assert.deepEqual(minted.find('bot-a', tokens[3]!.token), { visitor: tokens[3]!.visitor, tokenHash: tokens[3]!.tokenHash });
    assert.equal(minted.find('bot-b', tokens[3]!.token), undefined);
    assert.equal(minted.find('bot-a', `${tokens[3]!.token}x`), undefined);
    await sleep(60);
    assert.equal(minted.find('bot-a', tokens[3]!.token), undefined, 'expired');
  });
});

forEachEngine((engine) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(await engine.migrated(), {
      withModel: false,
      rateLimits: { connectionsPerIpPerMinute: 10_000, eventsPerSocketPer10s: 10_000, requestsPerIpPerMinute: 10_000 },
    });
  });
  after(() => h.close());

  const db = () => h.app.ctx.db;
  const visitorRows = async () =>
    (await db().query<{ id: string; token_hash: string }>('SELECT id, token_hash FROM visitors WHERE bot_id = $1', [h.botId])).rows;
  const join = async (socket: CustomerClient, conversationId?: string) => {
    const ack = await socket.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 0, ...(conversationId ? { conversationId } : {}) });
    assert.ok(ack.ok, JSON.stringify(ack));
    return ack.conversationId;
  };
  const backdate = (id: string) => db().query(`UPDATE visitors SET last_seen_at = now() - interval '2 days' WHERE id = $1`, [id]);

  test('anonymous sockets that never chat store no visitor, though each still gets its token at once', async () => {
    await db().query('DELETE FROM visitors WHERE bot_id = $1', [h.botId]);
    const customers = await Promise.all(Array.from({ length: 40 }, () => h.customer()));
    assert.equal(new Set(customers.map((c) => c.visitorToken)).size, 40);
    // An unknown token is a new visitor too, and costs no row either.
    await h.customer({ visitorToken: 'unknown-token-'.padEnd(43, 'x'), expectSession: true });
    assert.deepEqual(await visitorRows(), []);
    for (const { socket } of customers) socket.disconnect();
  });

  test('a token reconnects to the same visitor before its first conversation, still without a row until it joins', async () => {
    const first = await h.customer();
    first.socket.disconnect();
    const again = await h.customer({ visitorToken: first.visitorToken });
    again.socket.disconnect();
    assert.equal((await visitorRows()).filter((row) => row.token_hash === hashSecret(first.visitorToken)).length, 0);
    const back = await h.customer({ visitorToken: first.visitorToken });
    const conversationId = await join(back.socket);
    const stored = (await visitorRows()).filter((row) => row.token_hash === hashSecret(first.visitorToken));
    assert.equal(stored.length, 1);
    const owner = await db().query<{ visitor_id: string }>('SELECT visitor_id FROM conversations WHERE id = $1', [conversationId]);
    assert.equal(owner.rows[0]!.visitor_id, stored[0]!.id);
    back.socket.disconnect();
  });

  test('a visitor that joins and chats is stored once, under its token, and keeps it across reconnects', async () => {
    const first = await h.customer();
    const conversationId = await join(first.socket);
    const stored = (await visitorRows()).filter((row) => row.token_hash === hashSecret(first.visitorToken));
    assert.equal(stored.length, 1);
    const ack = await first.socket
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId, clientMessageId: 'vr-1', text: 'where is my parcel' });
    assert.ok(ack.ok, JSON.stringify(ack));
    first.socket.disconnect();

    for (let i = 0; i < 3; i++) {
      const back = await h.customer({ visitorToken: first.visitorToken });
      assert.equal(await join(back.socket), conversationId, 'the same visitor gets its conversation back');
      assert.equal(await join(back.socket, conversationId), conversationId);
      back.socket.disconnect();
    }
    const { rows } = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM visitors WHERE token_hash = $1', [
      hashSecret(first.visitorToken),
    ]);
    assert.equal(rows[0]!.n, 1);
    const owner = await db().query<{ visitor_id: string }>('SELECT visitor_id FROM conversations WHERE id = $1', [conversationId]);
    assert.equal(owner.rows[0]!.visitor_id, stored[0]!.id);
  });

  test('the purge deletes old widget visitors without conversations, and keeps recent ones and those with one', async () => {
    const oldAlone = (await createVisitor(db(), h.botId)).visitor;
    const oldTalker = (await createVisitor(db(), h.botId)).visitor;
    const recentAlone = (await createVisitor(db(), h.botId)).visitor;
    await openConversation(db(), { botId: h.botId, visitorId: oldTalker.id });
    await backdate(oldAlone.id);
    await backdate(oldTalker.id);

    assert.equal(await purgeIdleVisitors(db(), DAY_MS), 1);
    const left = new Set((await visitorRows()).map((row) => row.id));
    assert.ok(!left.has(oldAlone.id));
    assert.ok(left.has(oldTalker.id) && left.has(recentAlone.id));
  });

  test('the periodic purge runs on its interval and not after stop()', async () => {
    const purge = startVisitorPurge({ db: db(), logger: silentLogger() }, { intervalMs: 20, idleMs: DAY_MS });
    const doomed = (await createVisitor(db(), h.botId)).visitor;
    await backdate(doomed.id);
    const gone = async () => !(await visitorRows()).some((row) => row.id === doomed.id);
    for (let waited = 0; !(await gone()); waited += 20) {
      assert.ok(waited < 5_000, 'the purge never ran');
      await sleep(20);
    }
    purge.stop();
    const spared = (await createVisitor(db(), h.botId)).visitor;
    await backdate(spared.id);
    await sleep(100);
    assert.ok((await visitorRows()).some((row) => row.id === spared.id));
    assert.equal(await purge.run(), 1, 'run() purges on demand');
  });
});
