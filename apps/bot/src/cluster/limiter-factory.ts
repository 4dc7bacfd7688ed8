import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterSpec {
  /** Names the limiter's keys, so two limiters never share a count: `login`, `api-key`, `ip-requests`… */
  name: string;
  points: number;
  /** Seconds. */
  duration: number;
}

/** Makes the server's rate limiters: in process memory on one node, in Redis when nodes must share the counts. */
export interface LimiterFactory {
  make(spec: LimiterSpec): RateLimiterAbstract;
}

export const memoryLimiters: LimiterFactory = {
  make: ({ name, points, duration }) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
};

/**
 * Limiters whose counts live in Redis, so a limit holds across nodes. While Redis is unreachable each falls back
 * at once (`rejectIfRedisNotReady`, rather than waiting in the offline queue) to its in-memory insurance limiter:
 * the limit then holds per node, and a Redis outage never turns into refused or failed requests.
 */
export function redisLimiters(redis: Redis, prefix: string): LimiterFactory {
  return {
    make: (spec) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:rl:${spec.name}`,
        points: spec.points,
        duration: spec.duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memoryLimiters.make(spec),
      }),
  };
}
