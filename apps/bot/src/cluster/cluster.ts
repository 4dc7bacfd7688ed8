import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ClusterBus } from './cluster-bus.ts';
import { redisLimiters, type LimiterFactory } from './limiter-factory.ts';
import { openRedis } from './open-redis.ts';

/** The Socket.IO adapter constructor `new Server({ adapter })` takes. */
export type SocketAdapter = ReturnType<typeof createAdapter>;

/**
 * This process as one node of a deployment sharing a Redis: made once, in main.ts, from REDIS_URL. Without
 * REDIS_URL there is no Cluster at all, and nothing Redis-related exists.
 */
export interface Cluster {
  redis: Redis;
  /** Starts every key, stream and channel this deployment uses in Redis. */
  prefix: string;
  /** Unique per process: names its Redis connections and tells its own bus notices from others'. */
  nodeId: string;
  bus: ClusterBus;
  /** Rate limiters counting in Redis (falling back to memory while it is away). */
  limiters: LimiterFactory;
  /** The Socket.IO adapter on Redis streams, made on first call (a worker process never needs one). */
  socketAdapter(): SocketAdapter;
  /** Whether the main connection is up now: /readyz reports it. */
  redisUp(): boolean;
  close(): Promise<void>;
}

export interface JoinClusterOptions {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  /** Defaults to host name, pid and a random suffix. */
  nodeId?: string;
}

export function joinCluster(options: JoinClusterOptions): Cluster {
  const { prefix, logger } = options;
  const nodeId = options.nodeId ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  // One connection name for this node's connections (the adapter's and the bus's are duplicates), so an operator
  // can find them in CLIENT LIST; Redis allows no spaces in it.
  const redis = openRedis(options.redisUrl, { logger, name: `${prefix}:node:${nodeId}`.replace(/\s/g, '_') });
  const bus = ClusterBus.open(redis, { prefix, nodeId, logger });
  let adapter: SocketAdapter | undefined;
  return {
    redis,
    prefix,
    nodeId,
    bus,
    limiters: redisLimiters(redis, prefix),
    socketAdapter: () =>
      (adapter ??= createAdapter(redis, {
        streamName: `${prefix}:socket.io`,
        channelPrefix: `${prefix}:socket.io`,
        sessionKeyPrefix: `${prefix}:sio:session:`,
      })),
    redisUp: () => redis.status === 'ready',
    async close() {
      bus.close();
      // QUIT waits for Redis to answer; while it is away, just drop the connection.
      if (redis.status === 'ready') await redis.quit().catch(() => undefined);
      redis.disconnect();
    },
  };
}
