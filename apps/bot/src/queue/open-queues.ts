import type { Logger } from 'pino';
import { BullQueue } from './bullmq-queue.ts';
import { InProcessQueue } from './in-process-queue.ts';
import { RedisConnections } from './redis-connections.ts';
import type { InboundJobData, OutboundJobData, QueueName, Queues, RetryPolicy, TrainingJobData, WorkQueue } from './work-queue.ts';

/**
 * Retries of each queue, and jobs a worker process runs at once. Training: one at a time per worker (two would
 * halve each other's cores), one retry, which a job whose worker died also gets through stalled recovery. Channels:
 * the processors record their own failures in the database and retry from there; the queue's attempts cover a
 * run that broke before it could (the database was away).
 */
const QUEUES = {
  training: { retry: { attempts: 2, backoffMs: 5_000 }, concurrency: 1 },
  'channel-inbound': { retry: { attempts: 5, backoffMs: 2_000 }, concurrency: 16 },
  'channel-outbound': { retry: { attempts: 5, backoffMs: 5_000 }, concurrency: 16 },
} satisfies Record<QueueName, { retry: RetryPolicy; concurrency: number }>;

/** In-process retries match today's: the processors retry by themselves, training does not retry. */
const IN_PROCESS_RETRY: RetryPolicy = { attempts: 1, backoffMs: 0 };

export interface QueueSettings {
  /** Unset: the in-process queues of a single server. */
  redisUrl?: string | undefined;
  /** Prefix of every Redis key (PARLEY_REDIS_PREFIX). */
  prefix?: string;
  logger: Logger;
}

/** The training and channel queues on Redis (BullMQ) when a URL is given, in this process otherwise. */
export function openQueues(settings: QueueSettings): Queues {
  const { redisUrl, logger } = settings;
  if (!redisUrl) {
    const local = <T>(name: QueueName): WorkQueue<T> => new InProcessQueue<T>(name, IN_PROCESS_RETRY, logger);
    const queues = {
      training: local<TrainingJobData>('training'),
      inbound: local<InboundJobData>('channel-inbound'),
      outbound: local<OutboundJobData>('channel-outbound'),
    };
    return { shared: false, ...queues, close: () => closeAll(queues) };
  }
  const connections = new RedisConnections(redisUrl, logger);
  const bull = <T>(name: QueueName): WorkQueue<T> =>
    new BullQueue<T>(name, { connections, prefix: settings.prefix ?? 'parley', logger, ...QUEUES[name] });
  const queues = {
    training: bull<TrainingJobData>('training'),
    inbound: bull<InboundJobData>('channel-inbound'),
    outbound: bull<OutboundJobData>('channel-outbound'),
  };
  return {
    shared: true,
    ...queues,
    async close() {
      await closeAll(queues);
      await connections.close();
    },
  };
}

async function closeAll(queues: Record<string, { close(): Promise<void> }>): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
