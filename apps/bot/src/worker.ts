/**
 * `npm run worker`: a process that runs the queued background work (training, inbound channel events, outbound
 * channel delivery) without serving HTTP, beside web nodes on the same PostgreSQL and Redis. Its Socket.IO server
 * never listens: what the work publishes (a channel customer's answer, say) reaches the web nodes' operators
 * through the Redis adapter, and training progress through the queue.
 */
import { createApp } from './app/create-app.ts';
import { closeAppOnStop, openNode } from './app/open-node.ts';
import { handleShutdown, loadConfigOrExit, processLogger } from './app/process-lifecycle.ts';
import { loadSecretsKey } from './channels/secret-box.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.redisUrl) {
    console.error(
      'parley worker: REDIS_URL is not set. Without Redis the queue lives inside each server process and a separate worker has nothing to share; run `npm start` alone, or set REDIS_URL on the servers and the workers.',
    );
    process.exit(2);
  }
  const logger = processLogger(config).child({ role: 'worker' });
  const closers = handleShutdown(logger);

  // Inbound channel events are answered here, by each bot's live model.
  const { cluster, queues, db, models } = await openNode(config, logger, closers);

  const app = createApp({
    db,
    logger,
    models,
    secretsKey: loadSecretsKey(config.secretsKey, config.dataDir),
    training: { dataDir: config.dataDir },
    cluster,
    queues,
    workers: true,
  });
  closeAppOnStop(closers, app, queues);
  // Picks up what no queue holds: events stored but never queued, replies not yet delivered.
  void app.channels.resume().catch((err: unknown) => logger.error({ err }, 'resuming channel work failed'));
  logger.info({ prefix: config.redisPrefix, database: db.kind }, 'Parley worker running');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
