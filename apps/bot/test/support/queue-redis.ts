import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './cluster-nodes.ts';

/** A key prefix of this test's own on the shared test Redis, and the removal of every key under it. */
export interface RedisScope {
  url: string;
  prefix: string;
  redis: Redis;
  close(): Promise<void>;
}

export async function redisScope(): Promise<RedisScope> {
  const prefix = `parley-test-queue-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(TEST_REDIS_URL);
  return {
    url: TEST_REDIS_URL,
    prefix,
    redis,
    async close() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
