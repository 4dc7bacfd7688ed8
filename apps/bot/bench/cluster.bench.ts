/**
 * Cluster benchmark (issue 17): the same customers against one bot node (today's single process, no Redis) and
 * against three nodes on Redis behind the load balancer, one run, side by side: answered msg/s, p99 reply
 * latency, RSS per node. Then a node of the three is killed (SIGKILL) while 100 customers chat: reconnect time
 * p50/p99, and from the database what was lost or duplicated. Every node is its own OS process on one throwaway
 * PostgreSQL database; each serves a bot with the tests' tiny model (seconds to seed, the same encoder as the
 * demo). Prints tables, writes bench/results/cluster.json; the last line is the JSON summary.
 *
 *   npm run bench:cluster                    300 customers × 20 turns per configuration, then the kill
 *   npm run bench:cluster -- --quick         smoke in seconds: 12 customers, no results file
 *   npm run bench:cluster -- --with-redis-single   also one node on Redis (where the overhead comes from)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { percentile, PLAIN_TEXTS, runChatLoad, type ChatLoadResult } from './cluster/chat-load.ts';
import { readLedger } from './cluster/ledger.ts';
import { readCpuSeconds, RssSampler } from './bot/server-process.ts';
import { writeBenchResult } from './bench-result.ts';
import { chatThroughFault } from '../../../tests/support/cluster-faults.ts';
import { startClusterStack, type ClusterStack } from '../../../tests/support/cluster-stack.ts';

const TARGET_RATIO = 0.8;
const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const log = (line: string) => console.error(`[bench:cluster] ${line}`);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      customers: { type: 'string' },
      turns: { type: 'string' },
      think: { type: 'string' },
      'kill-customers': { type: 'string' },
      'with-redis-single': { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const number = (raw: string | undefined, fallback: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`not a positive number: ${raw}`);
    return value;
  };
  return {
    quick,
    customers: number(values.customers, quick ? 12 : 300),
    turns: number(values.turns, quick ? 3 : 20),
    // Short enough that the offered load (customers / think) is well past what one node answers: a capacity test.
    thinkMs: number(values.think, quick ? 50 : 100),
    killCustomers: number(values['kill-customers'], quick ? 12 : 100),
    withRedisSingle: values['with-redis-single'],
  };
}

interface Row {
  label: string;
  nodes: number;
  msgPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak RSS of each node during the load, MB. */
  rssMb: number[];
  /** CPU cores busy, nodes together and this process (the clients and the load balancer). */
  nodesCpu: number;
  benchCpu: number;
  lost: number;
  duplicated: number;
  /** Redis commands and PostgreSQL transactions per answered message: what more nodes add per message. */
  redisCommandsPerMsg: number | null;
  pgTransactionsPerMsg: number;
}

/** Commands Redis has run since it started (INFO commandstats), or null without Redis. */
function redisCommands(stack: ClusterStack): number | null {
  let url: string;
  try {
    url = stack.redis.url;
  } catch {
    return null;
  }
  const info = execFileSync('redis-cli', ['-u', url, 'INFO', 'commandstats'], { encoding: 'utf8' });
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

/** Committed transactions of the stack's database (pg_stat_database; the counter lags by up to half a second). */
async function pgTransactions(stack: ClusterStack): Promise<number> {
  const client = new pg.Client({ connectionString: stack.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** One configuration: the stack started, loaded once, measured, stopped. */
async function measure(label: string, stack: ClusterStack, url: string, opts: ReturnType<typeof options>): Promise<Row> {
  log(`${label}: ${opts.customers} customers × ${opts.turns} turns, think ${opts.thinkMs} ms; load ${load()}`);
  const samplers = stack.nodes.map((node) => new RssSampler(node.pid, 250));
  const cpuBefore = stack.nodes.map((node) => readCpuSeconds(node.pid));
  const benchBefore = process.cpuUsage();
  const redisBefore = redisCommands(stack);
  const pgBefore = await pgTransactions(stack);
  const runTag = `bc${randomBytes(4).toString('hex')}`;
  const result: ChatLoadResult = await runChatLoad({
    baseUrl: url,
    botKey: stack.seed.publicKey,
    customers: opts.customers,
    turns: opts.turns,
    thinkMs: opts.thinkMs,
    texts: PLAIN_TEXTS,
    runTag,
  });
  const seconds = result.durationMs / 1000;
  const nodesCpu = stack.nodes.reduce((sum, node, i) => sum + readCpuSeconds(node.pid) - cpuBefore[i]!, 0) / seconds;
  const bench = process.cpuUsage(benchBefore);
  const rssMb = samplers.map((sampler) => {
    const { peakMb } = sampler.stop();
    return Math.round(peakMb);
  });
  const redisAfter = redisCommands(stack);
  await new Promise((resolve) => setTimeout(resolve, 600));
  const pgAfter = await pgTransactions(stack);
  const ledger = await readLedger(stack.database.url, runTag, result.sent);
  const row: Row = {
    label,
    nodes: stack.nodes.length,
    msgPerSec: result.msgPerSec,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    rssMb,
    nodesCpu,
    benchCpu: (bench.user + bench.system) / 1e6 / seconds,
    lost: ledger.lost + ledger.unanswered + result.failures.length,
    duplicated: ledger.duplicated + ledger.answeredTwice,
    redisCommandsPerMsg: redisBefore === null || redisAfter === null ? null : (redisAfter - redisBefore) / result.answered,
    // Less this function's own two reads.
    pgTransactionsPerMsg: (pgAfter - pgBefore - 2) / result.answered,
  };
  log(`${label}: ${row.msgPerSec.toFixed(1)} msg/s, p99 ${row.p99Ms.toFixed(1)} ms, RSS ${rssMb.join('/')} MB; load ${load()}`);
  return row;
}

async function withStack<T>(config: { nodes: number; redis: boolean }, work: (stack: ClusterStack) => Promise<T>): Promise<T> {
  // The encoder in its worker thread, the production default: one node can then use both cores, as three can.
  const stack = await startClusterStack({ ...config, env: { PARLEY_ENCODER_WORKER: 'on' } });
  try {
    return await work(stack);
  } finally {
    await stack.close();
  }
}

async function main(): Promise<void> {
  const opts = options();
  const loadAtStart = load();
  const rows: Row[] = [];
  rows.push(await withStack({ nodes: 1, redis: false }, (stack) => measure('1 node, no Redis', stack, stack.nodes[0]!.url, opts)));
  if (opts.withRedisSingle)
    rows.push(await withStack({ nodes: 1, redis: true }, (stack) => measure('1 node + Redis', stack, stack.nodes[0]!.url, opts)));
  const kill = await withStack({ nodes: 3, redis: true }, async (stack) => {
    rows.push(await measure('3 nodes + Redis + LB', stack, stack.lb.url, opts));
    log(`kill -9 of one of 3 nodes under ${opts.killCustomers} customers; load ${load()}`);
    const victim = stack.nodes[1]!;
    return chatThroughFault(stack, {
      customers: opts.killCustomers,
      turns: opts.quick ? 4 : 8,
      thinkMs: 400,
      fault: () => victim.kill('SIGKILL'),
    });
  });
  const single = rows[0]!;
  const cluster = rows.at(-1)!;
  const ratio = cluster.msgPerSec / single.msgPerSec;
  const killLost = kill.ledger.lost + kill.ledger.unanswered + kill.load.failures.length;
  const killDuplicated = kill.ledger.duplicated + kill.ledger.answeredTwice;

  console.table(
    Object.fromEntries(
      rows.map((row) => [
        row.label,
        {
          'msg/s': round(row.msgPerSec),
          'p50 ms': round(row.p50Ms),
          'p99 ms': round(row.p99Ms),
          'RSS per node (MB)': row.rssMb.join(' / '),
          'node CPU (cores)': round(row.nodesCpu, 2),
          'bench+LB CPU (cores)': round(row.benchCpu, 2),
          'Redis cmds / msg': row.redisCommandsPerMsg === null ? '-' : round(row.redisCommandsPerMsg),
          'PG xacts / msg': round(row.pgTransactionsPerMsg),
          lost: row.lost,
          duplicated: row.duplicated,
        },
      ]),
    ),
  );
  console.table({
    'cluster ÷ single msg/s': { value: round(ratio, 3), target: `≥ ${TARGET_RATIO}`, ok: ratio >= TARGET_RATIO },
    'kill: customers reconnected': { value: kill.load.reconnectsMs.length, target: '', ok: '' },
    'kill: reconnect p50 (ms)': { value: round(percentile(kill.load.reconnectsMs, 50)), target: '', ok: '' },
    'kill: reconnect p99 (ms)': { value: round(percentile(kill.load.reconnectsMs, 99)), target: '', ok: '' },
    'kill: lost': { value: killLost, target: '0', ok: killLost === 0 },
    'kill: duplicated or answered twice': { value: killDuplicated, target: '0', ok: killDuplicated === 0 },
  });

  const summary = {
    nodes: cluster.nodes,
    msgPerSec: round(cluster.msgPerSec),
    singleNodeMsgPerSec: round(single.msgPerSec),
    ratio: round(ratio, 3),
    p99Ms: round(cluster.p99Ms),
    singleNodeP99Ms: round(single.p99Ms),
    rssMbPerNode: cluster.rssMb,
    singleNodeRssMb: single.rssMb[0],
    killLost,
    killDuplicated,
    reconnectP50Ms: round(percentile(kill.load.reconnectsMs, 50)),
    reconnectP99Ms: round(percentile(kill.load.reconnectsMs, 99)),
    killReconnects: kill.load.reconnectsMs.length,
  };
  if (!opts.quick) {
    const file = writeBenchResult('cluster', {
      ...summary,
      rows,
      customers: opts.customers,
      turns: opts.turns,
      thinkMs: opts.thinkMs,
      killCustomers: opts.killCustomers,
      load: { start: loadAtStart, end: load() },
      cores: os.availableParallelism(),
      node: process.version,
      at: new Date().toISOString(),
    });
    console.log(`wrote ${file}`);
  }
  console.log(JSON.stringify({ ...summary, ...(opts.quick && { quick: true }) }));
  // Sockets' pending timers must not hold the process open.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
