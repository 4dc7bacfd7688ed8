/**
 * The background queues (issue 17, part 2): one contract, run against the in-process queue and BullMQ on Redis;
 * then the channels on BullMQ: an inbound event queued twice is processed once, and replies are delivered through
 * the outbound queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deliver, startFakeWebhookReceiver, webhookSignedRequest, type FakeWebhookReceiver } from '@parley/connectors/testing';
import { Queue } from 'bullmq';
import { recordInboundEvents } from '../src/db/channel-event-store.ts';
import { apiErrorHandler, apiRouter } from '../src/http/api-router.ts';
import { openQueues } from '../src/queue/open-queues.ts';
import type { Queues } from '../src/queue/work-queue.ts';
import { GENEROUS_LIMITS } from './support/api-harness.ts';
import { startHarness, type Harness } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { BullQueue } from '../src/queue/bullmq-queue.ts';
import { InProcessQueue } from '../src/queue/in-process-queue.ts';
import { RedisConnections } from '../src/queue/redis-connections.ts';
import type { RetryPolicy, WorkQueue } from '../src/queue/work-queue.ts';
import { silentLogger } from './support/logger.ts';
import { redisScope, type RedisScope } from './support/queue-redis.ts';

const RETRY: RetryPolicy = { attempts: 2, backoffMs: 50 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface Impl {
  name: string;
  open(): Promise<{ make: <T>() => WorkQueue<T>; close(): Promise<void> }>;
}

const IMPLEMENTATIONS: Impl[] = [
  {
    name: 'in-process',
    async open() {
      const made: Array<WorkQueue<unknown>> = [];
      return {
        make: <T>() => {
          const queue = new InProcessQueue<T>('channel-inbound', RETRY, silentLogger());
          made.push(queue as WorkQueue<unknown>);
          return queue;
        },
        close: async () => void (await Promise.all(made.map((queue) => queue.close()))),
      };
    },
  },
  {
    name: 'BullMQ on Redis',
    async open() {
      const scope: RedisScope = await redisScope();
      const connections = new RedisConnections(scope.url, silentLogger());
      const made: Array<WorkQueue<unknown>> = [];
      let n = 0;
      return {
        // A prefix per queue made, so that each test's queue starts empty.
        make: <T>() => {
          const queue = new BullQueue<T>('channel-inbound', {
            connections,
            prefix: `${scope.prefix}-${++n}`,
            retry: RETRY,
            concurrency: 8,
            logger: silentLogger(),
          });
          made.push(queue as WorkQueue<unknown>);
          return queue;
        },
        async close() {
          await Promise.all(made.map((queue) => queue.close()));
          await connections.close();
          await scope.close();
        },
      };
    },
  },
];

for (const impl of IMPLEMENTATIONS) {
  describe(`the work queue contract: ${impl.name}`, () => {
    let opened: Awaited<ReturnType<Impl['open']>>;
    before(async () => (opened = await impl.open()));
    after(() => opened.close());

    test('the same id added twice while it is pending runs once', async () => {
      const queue = opened.make<{ n: number }>();
      const runs: number[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // Held by the first job, so the second add finds the id still pending.
      await queue.add({ n: 0 }, { id: 'blocker' });
      await queue.add({ n: 1 }, { id: 'chan-1/event-1' });
      await queue.add({ n: 2 }, { id: 'chan-1/event-1' });
      queue.work(async (data, job) => {
        if (job.id === 'blocker') return gate;
        runs.push(data.n);
      });
      release();
      await queue.idle();
      assert.deepEqual(runs, [1]);
    });

    test('jobs of one key never overlap, and adds while one waits fold into it with the newest data', async () => {
      const queue = opened.make<{ n: number }>();
      let running = 0;
      let most = 0;
      const seen: number[] = [];
      queue.work(async (data) => {
        running++;
        most = Math.max(most, running);
        seen.push(data.n);
        await sleep(150);
        running--;
      });
      await queue.add({ n: 1 }, { key: 'customer-a' });
      await until(() => seen.length === 1, 'the first job to start');
      // The first runs: these wait behind it and fold into one job carrying the last data.
      for (let n = 2; n <= 6; n++) await queue.add({ n }, { key: 'customer-a' });
      await queue.idle();
      assert.equal(most, 1, 'never two jobs of one key at once');
      assert.deepEqual(seen, [1, 6]);
    });

    test('a failing job is retried with backoff, then reported failed with its reason', async () => {
      const queue = opened.make<{ n: number }>();
      const attempts: number[] = [];
      const failures: string[] = [];
      queue.onFailed((_id, reason) => failures.push(reason));
      queue.work(async (_data, job) => {
        attempts.push(job.attempt);
        throw new Error(`broke on attempt ${job.attempt}`);
      });
      await queue.add({ n: 1 }, { id: 'doomed' });
      await until(() => failures.length === 1, 'the final failure');
      assert.deepEqual(attempts, [1, 2]);
      assert.deepEqual(failures, ['broke on attempt 2']);
    });

    test('progress reaches the listeners, and presence tells pending from gone', async () => {
      const queue = opened.make<{ n: number }>();
      const progress: unknown[] = [];
      queue.onProgress((id, value) => progress.push([id, value]));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      queue.work(async (_data, job) => {
        await job.progress({ fraction: 0.5 });
        await gate;
      });
      await queue.add({ n: 1 }, { id: 'job-p' });
      await until(() => progress.length === 1, 'the progress event');
      assert.deepEqual(progress, [['job-p', { fraction: 0.5 }]]);
      assert.equal(await queue.presence('job-p'), 'pending');
      assert.equal(await queue.presence('never-added'), 'missing');
      release();
      await queue.idle();
      assert.notEqual(await queue.presence('job-p'), 'pending');
    });
  });
}

const WEBHOOK_SECRET = 'webhook-secret-0123456789abcdef';

forEachEngine((engine) => {
  describe('channels on BullMQ', () => {
    let scope: RedisScope;
    let queues: Queues;
    let h: Harness;
    let receiver: FakeWebhookReceiver;
    let channel: { id: string; url: string };

    before(async () => {
      scope = await redisScope();
      queues = openQueues({ redisUrl: scope.url, prefix: scope.prefix, logger: silentLogger() });
      h = await startHarness(await engine.migrated(), { queues });
      h.app.server.app.use('/api/v1', apiRouter(h.app.ctx, { rateLimits: GENEROUS_LIMITS, corsOrigins: [] }), apiErrorHandler(h.app.ctx));
      receiver = await startFakeWebhookReceiver({ secret: WEBHOOK_SECRET });
      const { token } = await h.operator('admin');
      const response = await fetch(`${h.base}/api/v1/bots/${h.botId}/channels`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'webhook', name: 'webhook', settings: { url: receiver.url }, secrets: { secret: WEBHOOK_SECRET } }),
      });
      assert.equal(response.status, 201);
      const created = (await response.json()) as { channel: { id: string; webhookPath: string } };
      channel = { id: created.channel.id, url: `${h.base}${created.channel.webhookPath}` };
    });
    after(async () => {
      await h.app.channels.idle();
      await queues.close();
      await receiver.close();
      await h.close();
      await scope.close();
    });

    const completed = async (name: string) => {
      const queue = new Queue(name, { connection: scope.redis, prefix: scope.prefix });
      try {
        return (await queue.getJobCounts('completed')).completed ?? 0;
      } finally {
        await queue.close();
      }
    };

    test('an inbound event queued twice is answered once, and the reply goes out through the outbound queue', async () => {
      const sentBefore = receiver.sent.length;
      // Stored but not queued, as a webhook that crashed right after storing leaves it.
      const pending = await recordInboundEvents(h.app.ctx.db, channel.id, [
        { kind: 'webhook', eventId: 'evt-twice', userId: 'user-q1', address: 'user-q1', text: 'where is my order?', sentAt: new Date() },
      ]);
      assert.equal(pending.length, 1);
      // Queued twice at once (a sweep and a redelivery, say): one answer.
      h.app.channels.inbound.accept(pending);
      h.app.channels.inbound.accept(pending);
      await h.app.channels.idle();
      const deadline = Date.now() + 10_000;
      while (receiver.sent.length === sentBefore && Date.now() < deadline) await sleep(20);
      await sleep(300);
      await h.app.channels.idle();
      const replies = receiver.sent.slice(sentBefore);
      assert.equal(replies.length, 1, JSON.stringify(replies));
      assert.equal(replies[0]!.address, 'user-q1');
      const { rows } = await h.app.ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messages WHERE sender = 'customer' AND client_message_id = 'channel:evt-twice'`,
      );
      assert.equal(rows[0]!.n, 1, 'the customer message is stored once');
      assert.ok((await completed('channel-inbound')) >= 1, 'the event was processed by a BullMQ job');
      assert.ok((await completed('channel-outbound')) >= 1, 'the reply was delivered by a BullMQ job');
    });

    test('a webhook event delivered twice at once is answered once, through the queues', async () => {
      const sentBefore = receiver.sent.length;
      const request = () =>
        deliver(channel.url, webhookSignedRequest({ eventId: 'evt-http', userId: 'user-q2', text: 'cancel my order' }, WEBHOOK_SECRET));
      const statuses = (await Promise.all([request(), request()])).map((response) => response.status);
      assert.deepEqual(statuses, [200, 200]);
      const deadline = Date.now() + 10_000;
      while (receiver.sent.length === sentBefore && Date.now() < deadline) await sleep(20);
      await sleep(300);
      await h.app.channels.idle();
      assert.deepEqual(
        receiver.sent.slice(sentBefore).map((sent) => sent.address),
        ['user-q2'],
      );
    });
  });
}, 'postgres');
