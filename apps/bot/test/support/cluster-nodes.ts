import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startBotProcess, type BotProcess } from '../../../../tests/support/bot-process.ts';
import { seedConsoleBot, type ConsoleSeed } from '../../../../tests/support/console-seed.ts';
import { throwawayDatabase, type ThrowawayDatabase } from '../../../../tests/support/throwaway-database.ts';

/** The machines' shared Redis; every key this file makes starts with a prefix of its own. */
export const TEST_REDIS_URL = process.env.PARLEY_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Bot server processes on one throwaway PostgreSQL database and the shared Redis under a prefix of their own,
 * sharing one data directory, each reached directly (no load balancer): for tests that need to say which node a
 * client is on. The e2e suite's tests/support/cluster-stack.ts is the same deployment behind a load balancer.
 */
export interface ClusterNodes {
  database: ThrowawayDatabase;
  seed: ConsoleSeed;
  prefix: string;
  dataDir: string;
  nodes: BotProcess[];
  /** A client of this test's own on the same Redis (CLIENT KILL, key checks). */
  redis: Redis;
  /** Closes the connections of one node to Redis, as a network blip or a Redis failover does; returns how many. */
  dropRedisConnections(node: BotProcess): Promise<number>;
  close(): Promise<void>;
}

export async function startClusterNodes(count: number, env: NodeJS.ProcessEnv = {}): Promise<ClusterNodes> {
  const database = await throwawayDatabase();
  const prefix = `parley-test-${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-cluster-nodes-'));
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  const nodes: BotProcess[] = [];
  const close = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await deleteKeys(redis, `${prefix}*`).catch(() => undefined);
    redis.disconnect();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await redis.connect();
    const seed = await seedConsoleBot(database.url, []);
    const nodeEnv = { REDIS_URL: TEST_REDIS_URL, PARLEY_REDIS_PREFIX: prefix, PARLEY_DATA_DIR: dataDir, ...env };
    // One at a time: the first applies the migrations.
    for (let i = 0; i < count; i++) nodes.push(await startBotProcess({ databaseUrl: database.url, port: await freePort(), env: nodeEnv }));
    return {
      database,
      seed,
      prefix,
      dataDir,
      nodes,
      redis,
      async dropRedisConnections(node) {
        // A node names its connections `<prefix>:node:<host>-<pid>-<random>` (cluster/cluster.ts).
        const list = (await redis.client('LIST')) as string;
        const ids = list
          .split('\n')
          .filter((line) => line.includes(` name=${prefix}:node:`) && line.includes(`-${node.pid}-`))
          .map((line) => /\bid=(\d+)/.exec(line)![1]!);
        for (const id of ids) await redis.client('KILL', 'ID', id);
        return ids.length;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
