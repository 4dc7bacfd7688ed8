/**
 * Issue 17's faults on real processes: three bot servers (separate OS processes) on one PostgreSQL database and
 * a private Redis, behind a load balancer, while customers chat through `@parley/client`. Each fault is judged
 * by the database: every message sent stored once and answered once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { percentile } from '../apps/bot/bench/cluster/chat-load.ts';
import { chatThroughFault, missedInboxUpdates, watchInbox, type FaultRun } from './support/cluster-faults.ts';
import { startClusterStack, type ClusterStack } from './support/cluster-stack.ts';
import { withDatabase } from './support/seed-bot.ts';

/** Nothing lost, duplicated or answered twice, counted in the database; and every customer finished. */
function assertIntact(run: FaultRun, label: string): void {
  const { load, ledger } = run;
  assert.deepEqual(load.failures, [], `${label}: sends that failed or were never answered`);
  assert.equal(load.answered, load.sent.length, `${label}: answered turns`);
  assert.deepEqual(
    { lost: ledger.lost, duplicated: ledger.duplicated, unanswered: ledger.unanswered, answeredTwice: ledger.answeredTwice },
    { lost: 0, duplicated: 0, unanswered: 0, answeredTwice: 0 },
    `${label}: ${ledger.examples.join('; ')}`,
  );
}

async function allReady(stack: ClusterStack): Promise<void> {
  for (const node of stack.nodes) {
    const answer = await fetch(`${node.url}/readyz`);
    assert.equal(answer.status, 200, `${node.url}/readyz: ${await answer.text()}`);
  }
}

describe('three nodes behind a load balancer', { timeout: 240_000 }, () => {
  let stack: ClusterStack;
  before(async () => {
    stack = await startClusterStack({ nodes: 3 });
  });
  after(async () => {
    await stack?.close();
  });

  test('long-polling works through the balancer: each session sticks to its node', async () => {
    const run = await chatThroughFault(stack, {
      customers: 9,
      turns: 3,
      thinkMs: 100,
      io: { transports: ['polling'] },
      fault: async () => {},
    });
    assertIntact(run, 'polling');
    assert.ok(stack.lb.stickySessions >= 9, `sticky sessions: ${stack.lb.stickySessions}`);
    assert.equal(stack.lb.brokenSessions, 0, 'a poll reached a node that did not know its session');
    // Round-robin spread the handshakes: every node served some of them.
    for (const backend of stack.lb.backends) assert.ok(backend.routed > 0, `${backend.url} got no request`);
  });

  test('kill -9 of one node while 100 customers chat: they resume elsewhere, nothing lost or answered twice', async (t) => {
    // One operator per node (round-robin, before any customer): whichever node dies, one of them was on it.
    const operators = [];
    for (let i = 0; i < 3; i++) operators.push(await watchInbox(stack));
    assert.deepEqual(
      stack.lb.backends.map((backend) => backend.openSockets),
      [1, 1, 1],
      'operators spread one per node',
    );
    try {
      const victim = stack.nodes[1]!;
      const run = await chatThroughFault(stack, {
        customers: 100,
        turns: 6,
        thinkMs: 400,
        // socket.io-client's default, as the widget connects: a polling handshake (sticky by sid), then the upgrade.
        io: { transports: ['polling', 'websocket'] },
        fault: () => victim.kill('SIGKILL'),
      });
      assertIntact(run, 'kill -9');
      assert.ok(run.load.reconnectsMs.length >= 20, `only ${run.load.reconnectsMs.length} customers reconnected`);
      assert.equal(run.load.stillOffline, 0);
      const [p50, p99] = [50, 99].map((p) => Math.round(percentile(run.load.reconnectsMs, p)));
      t.diagnostic(`${run.load.reconnectsMs.length} reconnects, p50 ${p50} ms, p99 ${p99} ms`);
      // Seconds, not minutes: the balancer stops sending to the dead node at once (bench:cluster has the figures).
      assert.ok(p99! < 20_000, `reconnect p99 ${p99} ms`);
      for (const [index, watcher] of operators.entries()) {
        assert.ok(watcher.socket.connected, `operator ${index} is not connected`);
        const missed = missedInboxUpdates(watcher, run.load, run.faultAt);
        assert.deepEqual(missed, [], `operator ${index} got no inbox update for ${missed.length} busy conversations after the kill`);
      }
    } finally {
      for (const watcher of operators) watcher.close();
    }
    await stack.restartNode(1);
  });

  test('a Redis restart under load: nothing lost, the nodes recover', async () => {
    const run = await chatThroughFault(stack, { customers: 40, turns: 10, thinkMs: 300, fault: () => stack.redis.restart() });
    assertIntact(run, 'Redis restart');
    await allReady(stack);
    const after = await chatThroughFault(stack, { customers: 6, turns: 2, thinkMs: 50, fault: async () => {} });
    assertIntact(after, 'after the Redis restart');
  });

  test('PostgreSQL connections terminated under load: nothing lost, the nodes recover', async () => {
    let terminated = 0;
    const run = await chatThroughFault(stack, {
      customers: 40,
      turns: 10,
      thinkMs: 300,
      fault: () =>
        withDatabase(stack.database.url, async (db) => {
          const { rows } = await db.query<{ n: number }>(
            `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n
               FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          );
          terminated = rows[0]!.n;
        }),
    });
    assert.ok(terminated >= 3, `only ${terminated} connections were terminated`);
    assertIntact(run, 'pg_terminate_backend');
    await allReady(stack);
  });
});
