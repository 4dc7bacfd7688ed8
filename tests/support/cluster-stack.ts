import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLoadBalancer, type LoadBalancer } from '../../apps/bot/bench/cluster/load-balancer.ts';
import { BENCH_RATE_LIMITS } from '../../apps/bot/bench/bot/server-process.ts';
import { freePort, startBotProcess, type BotProcess } from './bot-process.ts';
import { startPrivateRedis, type PrivateRedis } from './cluster-redis.ts';
import { seedConsoleBot, type ConsoleSeed } from './console-seed.ts';
import { throwawayDatabase, type ThrowawayDatabase } from './throwaway-database.ts';

/**
 * N bot server processes on one throwaway PostgreSQL database and a private Redis (REDIS_URL, a prefix of their
 * own), sharing one data directory, behind the test load balancer: the deployment the README describes, on
 * loopback.
 */
export interface ClusterStack {
  database: ThrowawayDatabase;
  /** Throws when started with `redis: false` (today's single process, the benchmark's baseline). */
  redis: PrivateRedis;
  lb: LoadBalancer;
  seed: ConsoleSeed;
  nodes: BotProcess[];
  /** Starts node `index` again (after a kill), on its port, database and environment: the LB takes it back. */
  restartNode(index: number): Promise<void>;
  close(): Promise<void>;
}

export async function startClusterStack(options: {
  nodes: number;
  redis?: boolean;
  /** More environment for every node (over the stack's own). */
  env?: NodeJS.ProcessEnv;
}): Promise<ClusterStack> {
  const withRedis = options.redis ?? true;
  const [database, redis] = await Promise.all([throwawayDatabase(), withRedis ? startPrivateRedis() : undefined]);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-cluster-'));
  const nodes: BotProcess[] = [];
  try {
    // Customers come from Node, without an Origin, which every bot allows.
    const seed = await seedConsoleBot(database.url, []);
    const env = {
      ...BENCH_RATE_LIMITS,
      ...(redis && { REDIS_URL: redis.url, PARLEY_REDIS_PREFIX: `parley-e2e-${randomBytes(4).toString('hex')}` }),
      PARLEY_DATA_DIR: dataDir,
      PARLEY_TRUST_PROXY: 'loopback',
      ...options.env,
    };
    const ports = await Promise.all(Array.from({ length: options.nodes }, () => freePort()));
    // One at a time: the first applies the migrations, and three cold starts at once on two cores time out.
    for (const port of ports) nodes.push(await startBotProcess({ databaseUrl: database.url, port, env }));
    const lb = await startLoadBalancer({ backends: nodes.map((node) => node.url) });
    return {
      database,
      get redis() {
        if (!redis) throw new Error('this stack runs without Redis');
        return redis;
      },
      lb,
      seed,
      nodes,
      async restartNode(index) {
        await nodes[index]!.stop();
        nodes[index] = await startBotProcess({ databaseUrl: database.url, port: ports[index]!, env });
      },
      async close() {
        await lb.close();
        await Promise.allSettled(nodes.map((node) => node.stop()));
        await redis?.stop();
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await redis?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
