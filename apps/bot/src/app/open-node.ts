/**
 * What a web node (main.ts) and a worker (worker.ts) open alike, each closed on a stop in the right order: the
 * cluster (when REDIS_URL is set), the queues, the database and the model registry with the live models.
 */
import type { Logger } from 'pino';
import { joinCluster, type Cluster } from '../cluster/cluster.ts';
import type { ServerConfig } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { ModelRegistry } from '../models/model-registry.ts';
import type { Queues } from '../queue/work-queue.ts';
import { openQueues } from '../queue/open-queues.ts';
import type { App } from './create-app.ts';
import type { Closers } from './process-lifecycle.ts';

export interface NodeResources {
  cluster: Cluster | undefined;
  queues: Queues;
  db: Database;
  models: ModelRegistry;
}

export async function openNode(config: ServerConfig, logger: Logger, closers: Closers): Promise<NodeResources> {
  // Its closer goes first, so it runs last: every other step may still publish.
  const cluster = config.redisUrl ? joinCluster({ redisUrl: config.redisUrl, prefix: config.redisPrefix, logger }) : undefined;
  if (cluster) {
    closers.push(() => cluster.close());
    logger.info({ nodeId: cluster.nodeId, prefix: cluster.prefix }, 'joining the cluster on Redis');
  }
  // Background work: on Redis with the other nodes and workers (BullMQ), or in this process alone.
  const queues = openQueues({ redisUrl: config.redisUrl, prefix: config.redisPrefix, logger });
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    preparedStatements: config.pgPreparedStatements,
  });
  closers.push(() => db.close());
  const models = new ModelRegistry({ logger, encoderOverrides: { worker: config.encoderWorker } });
  closers.push(() => models.close());
  await models.loadActive(db);
  return { cluster, queues, db, models };
}

/** The app's closers, pushed after createApp: on a stop, training first (failed while the database is open), then the queues' jobs, channels and sockets. */
export function closeAppOnStop(closers: Closers, app: App, queues: Queues): void {
  closers.push(() => app.server.close());
  closers.push(async () => app.channels.stop());
  // Waits for the channel jobs this process runs; training (closed just before) has stopped its own by then.
  closers.push(() => queues.close());
  closers.push(() => app.ctx.training.close());
}
