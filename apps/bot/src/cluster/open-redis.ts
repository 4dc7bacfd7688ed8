import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** Reconnect backoff ceiling: a node notices a restarted Redis within this much of its return. */
const MAX_RECONNECT_DELAY_MS = 2_000;

export interface OpenRedisOptions extends RedisOptions {
  logger: Logger;
  /** What this connection is for, in log lines (and in CLIENT LIST when `connectionName` is unset). */
  name: string;
}

/**
 * An ioredis client for `url` that keeps retrying forever with a short backoff and queues commands while it is
 * away (callers that must not wait, such as the rate limiters, check `status` first). Errors are logged once
 * per outage, not on every reconnect attempt, and the recovery once: a Redis restart is two lines in the log.
 * BullMQ's own connections need `maxRetriesPerRequest: null`; pass it in `options`.
 */
export function openRedis(url: string, options: OpenRedisOptions): Redis {
  const { logger, name, ...redisOptions } = options;
  const client = new Redis(url, {
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
    connectionName: name,
    ...redisOptions,
  });
  watchOutages(client, logger, name);
  return client;
}

/** Logs the first error of an outage and the reconnect that ends it; duplicated clients need it too. */
export function watchOutages(client: Redis, logger: Logger, name: string): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error({ err: error, redis: name }, 'Redis is unreachable; retrying');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redis: name }, 'Redis is reachable again');
  });
}
