import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { openRedis } from '../cluster/open-redis.ts';

/**
 * Connections for BullMQ: each Queue, Worker and QueueEvents needs its own (a worker blocks on one), and BullMQ
 * requires `maxRetriesPerRequest: null` so that a Redis restart pauses its commands instead of failing them.
 */
export class RedisConnections {
  readonly #open = new Set<Redis>();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  open(purpose: string): Redis {
    const redis = openRedis(this.url, { logger: this.logger, name: `parley-queue-${purpose}`, maxRetriesPerRequest: null });
    this.#open.add(redis);
    return redis;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#open].map((redis) => redis.quit().catch(() => redis.disconnect())));
    this.#open.clear();
  }
}
