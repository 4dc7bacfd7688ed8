/**
 * A training worker killed mid-job (issue 17, part 4), on real processes: one web node that only queues
 * (PARLEY_WORKERS=off) and two `worker.ts` processes on one PostgreSQL and one Redis. The worker that took the job is
 * killed with SIGKILL; its training child must not train on as an orphan, the other worker must take the job over
 * once the dead one's lock expires and train it to success, never both at once, while the web node's live model
 * keeps answering and operators keep hearing progress relayed from a worker that has no Socket.IO server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TrainingProgressEvent } from '@parley/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBot, createWorkspace } from '../src/db/bot-store.ts';
import { findTrainingJob, insertTrainingJob } from '../src/db/training-job-store.ts';
import { openQueues } from '../src/queue/open-queues.ts';
import { QUEUE_TIMINGS } from '../src/queue/queue-timings.ts';
import { progressAt } from '../src/training/job-progress.ts';
import { SERVER_STOPPED, TrainingJobs } from '../src/training/training-jobs.ts';
import { TEST_BOT_CONFIG } from './support/bot-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { silentLogger } from './support/logger.ts';
import { redisScope } from './support/queue-redis.ts';
import { startClusterNodes, TEST_REDIS_URL, type ClusterNodes } from './support/cluster-nodes.ts';
import { EventLog } from './support/events.ts';
import { processAlive, startWorkerProcess, type LogLine, type WorkerProcess } from './support/queue-workers.ts';

let cluster: ClusterNodes;
const workers: WorkerProcess[] = [];
const sockets: Socket[] = [];

async function call(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(`${cluster.nodes[0]!.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> };
}

async function connected<S extends Socket>(socket: S): Promise<S> {
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** A customer on the web node gets an answer from the live model (the bot's reply to its message). */
async function liveModelAnswers(): Promise<void> {
  const customer = await connected(
    connect(`${cluster.nodes[0]!.url}/customer`, { transports: ['websocket'], auth: { botKey: cluster.seed.publicKey }, forceNew: true }),
  );
  const joined = await customer.timeout(5_000).emitWithAck('conversation:join', { lastSeq: 0 });
  assert.ok(joined.ok, JSON.stringify(joined));
  const replies = new EventLog<{ type: string; message?: { author?: string } }>(customer, 'conversation:event');
  const sent = await customer
    .timeout(10_000)
    .emitWithAck('message:send', { conversationId: joined.conversationId, clientMessageId: randomUUID(), text: 'where is my order' });
  assert.ok(sent.ok, JSON.stringify(sent));
  await replies.waitFor((event) => event.type === 'message' && event.message?.author === 'bot', 10_000);
  customer.disconnect();
}

/** The worker's training child, once forked (the job starts by reading its examples, then forks). */
async function childrenOf(worker: WorkerProcess): Promise<number[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const children = worker.children();
    if (children.length > 0) return children;
    assert.ok(Date.now() < deadline, 'the training runs in a child of the worker');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const startedJob = (jobId: string) => (line: LogLine) => line.msg === 'training job started' && line.jobId === jobId;

describe('a training worker killed mid-job', { timeout: 150_000 }, () => {
  before(async () => {
    cluster = await startClusterNodes(1, { PARLEY_WORKERS: 'off' });
    const env = {
      DATABASE_URL: cluster.database.url,
      REDIS_URL: TEST_REDIS_URL,
      PARLEY_REDIS_PREFIX: cluster.prefix,
      PARLEY_DATA_DIR: cluster.dataDir,
      PARLEY_DEMO: 'off',
    };
    workers.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(workers.map((worker) => worker.stop()));
    await cluster?.close();
  });

  /** Logs in, follows training progress on the web node as an operator would, and starts a training. */
  async function startWatchedTraining(): Promise<{ token: string; progress: EventLog<TrainingProgressEvent>; jobId: string }> {
    const login = await call('/auth/login', { method: 'POST', body: cluster.seed.admin });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const token = login.body.token as string;
    const operator = await connected(
      connect(`${cluster.nodes[0]!.url}/operator`, { transports: ['websocket'], auth: { token }, forceNew: true }),
    );
    const progress = new EventLog<TrainingProgressEvent>(operator, 'training:progress');
    const started = await call(`/bots/${cluster.seed.botId}/training-jobs`, { method: 'POST', token });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    return { token, progress, jobId: (started.body.job as { id: string }).id };
  }

  test('the other worker takes the job over and trains it to success; never both at once; the live model serves on', async () => {
    const { token, progress, jobId } = await startWatchedTraining();

    // Whichever worker takes it: the web node does not train (PARLEY_WORKERS=off).
    const first = await Promise.race(workers.map((worker) => worker.waitForLog(startedJob(jobId), 60_000).then(() => worker)));
    const other = workers.find((worker) => worker !== first)!;
    // Progress from a worker without Socket.IO reaches the operator on the web node.
    await progress.waitFor((event) => event.jobId === jobId && event.status === 'running', 20_000);
    const trainingChildren = await childrenOf(first);

    await first.kill('SIGKILL');
    const killedAt = Date.now();
    // The orphaned child notices its parent is gone (the IPC channel closes) and exits.
    assert.deepEqual(await survivorsAfter(trainingChildren, 10_000), [], 'no training child outlives its killed worker');
    const childrenGoneAt = Date.now();

    // Meanwhile the live model answers customers.
    await liveModelAnswers();

    const takenOver = await other.waitForLog(startedJob(jobId), QUEUE_TIMINGS.lockMs + QUEUE_TIMINGS.stalledCheckMs + 20_000);
    assert.ok(takenOver.time! >= childrenGoneAt, 'the second run started only after the first one was gone');
    assert.ok(takenOver.time! - killedAt <= 30_000, `taken over ${takenOver.time! - killedAt} ms after the kill`);
    assert.ok(
      other.lines.some(
        (line) => line.msg === 'training job taken over after its worker stopped; training it again' && line.jobId === jobId,
      ),
    );

    const last = await progress.waitFor(
      (event) => event.jobId === jobId && (event.status === 'succeeded' || event.status === 'failed'),
      90_000,
    );
    assert.equal(last.status, 'succeeded', JSON.stringify(last));
    const job = await call(`/bots/${cluster.seed.botId}/training-jobs/${jobId}`, { token });
    assert.equal((job.body.job as { status: string }).status, 'succeeded');
    // Each operator heard the end once, though two processes (the worker and the web node) took part.
    assert.equal(progress.items.filter((event) => event.jobId === jobId && event.status === 'succeeded').length, 1);
    await liveModelAnswers();
  });

  test('a worker stopped gracefully (SIGTERM) mid-job fails its job with the reason, stored before it exits', async () => {
    const survivor = workers.find((worker) => processAlive(worker.pid))!;
    const { token, progress, jobId } = await startWatchedTraining();
    await survivor.waitForLog(startedJob(jobId), 60_000);
    const trainingChildren = await childrenOf(survivor);

    await survivor.stop();
    const job = await call(`/bots/${cluster.seed.botId}/training-jobs/${jobId}`, { token });
    assert.deepEqual([(job.body.job as { status: string }).status, (job.body.job as { error: string }).error], ['failed', SERVER_STOPPED]);
    // The child was told to stop; it may still be exiting when its worker is gone.
    assert.deepEqual(await survivorsAfter(trainingChildren, 10_000), []);
    const last = await progress.waitFor((event) => event.jobId === jobId && event.status === 'failed', 10_000);
    assert.equal(last.message, SERVER_STOPPED);
  });
});

/** The pids still alive once they all exit or `ms` pass. */
async function survivorsAfter(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (pids.some(processAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(processAlive);
}

forEachEngine((engine) => {
  test('at start, a node on the shared queue fails only the jobs no worker holds, leaving queued and fresh ones alone', async () => {
    const db = await engine.migrated();
    const scope = await redisScope();
    const queues = openQueues({ redisUrl: scope.url, prefix: scope.prefix, logger: silentLogger() });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-queue-sweep-'));
    try {
      const workspaceId = await createWorkspace(db, 'sweep');
      const job = async (name: string) => {
        const bot = await createBot(db, { workspaceId, name, publicKey: `pk_sweep_${randomUUID()}`, config: TEST_BOT_CONFIG });
        return { bot, job: await insertTrainingJob(db, { botId: bot.id, requestedBy: null, progress: progressAt('queued', 0) }) };
      };
      const lost = await job('lost');
      const held = await job('held');
      const fresh = await job('fresh');
      // `held` waits on the queue (no worker here); `lost` never reached it; both were stored minutes ago.
      await queues.training.add({ jobId: held.job.id, botId: held.bot.id, workspaceId, from: 'live' }, { id: held.job.id });
      await db.query(`UPDATE training_jobs SET created_at = now() - interval '5 minutes' WHERE id IN ($1, $2)`, [lost.job.id, held.job.id]);

      const jobs = new TrainingJobs({ db, logger: silentLogger(), queue: queues.training, work: false }, { dataDir });
      assert.equal(await jobs.recoverInterrupted(), 1);
      const status = async ({ bot, job }: typeof lost) => (await findTrainingJob(db, bot.id, job.id))!;
      const failed = await status(lost);
      assert.equal(failed.status, 'failed');
      assert.match(failed.error!, /lost/);
      assert.notEqual(failed.error, SERVER_STOPPED);
      assert.equal((await status(held)).status, 'queued');
      assert.equal((await status(fresh)).status, 'queued', 'a job stored a moment ago may be on its way to the queue');
    } finally {
      await queues.close();
      await scope.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}, 'postgres');
