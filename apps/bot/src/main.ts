/**
 * `npm start`: the bot server on the environment's settings. With the demo on (the default), a fresh machine
 * gets the Bitext customer-support bot seeded and trained, and a chat page at the root URL.
 */
import path from 'node:path';
import { createApp } from './app/create-app.ts';
import { closeAppOnStop, openNode } from './app/open-node.ts';
import { loadSecretsKey } from './channels/secret-box.ts';
import { handleShutdown, loadConfigOrExit, processLogger } from './app/process-lifecycle.ts';
import { ensureDemo, type DemoInfo } from './demo/ensure-demo.ts';
import { ensureDemoKnowledge } from './demo/demo-knowledge.ts';
import { demoPage } from './demo/demo-page.ts';
import { startBanner } from './demo/start-banner.ts';
import { apiErrorHandler, apiRouter } from './http/api-router.ts';
import { finishRoutes } from './server/create-server.ts';
import { metricsListener } from './app/metrics-route.ts';
import { consoleOriginsOf } from './http/request-origins.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = processLogger(config);
  // Installed before the database opens and the demo trains, so a stop during a long first start still closes cleanly.
  const closers = handleShutdown(logger);

  const { cluster, queues, db, models } = await openNode(config, logger, closers);
  let demo: DemoInfo | undefined;
  if (config.demo) {
    let lastStage = '';
    demo = await ensureDemo({
      db,
      models,
      dataDir: config.dataDir,
      demoDataDir: config.demoDataDir,
      demoApiKey: config.demoApiKey,
      demoOperatorPassword: config.demoOperatorPassword,
      logger,
      onProgress: (progress) => {
        const stage = `${progress.task}/${progress.stage}`;
        if (stage !== lastStage) logger.info({ stage }, 'training the demo model');
        lastStage = stage;
      },
    });
  }

  const app = createApp({
    db,
    logger,
    models,
    rateLimits: config.rateLimits,
    secretsKey: loadSecretsKey(config.secretsKey, config.dataDir),
    training: { dataDir: config.dataDir },
    consoleOrigins: consoleOriginsOf(config.corsOrigins, config.publicUrl),
    trustProxy: config.trustProxy,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    knowledgeCrawl: { crawl: { allowPrivateNetworks: config.crawlPrivateNetworks } },
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    ...(cluster ? { cluster } : {}),
    queues,
    // Alone (no Redis) nothing else would run this server's work: PARLEY_WORKERS=off only applies to a shared queue.
    workers: config.workers || !queues.shared,
  });
  closeAppOnStop(closers, app, queues);
  const { server, ctx, channels } = app;
  await ctx.training.recoverInterrupted();
  server.app.use(
    '/api/v1',
    apiRouter(ctx, {
      rateLimits: config.rateLimits,
      corsOrigins: config.corsOrigins,
      publicUrl: config.publicUrl,
      secureCookies: config.secureCookies,
      checkResponses: config.checkResponses,
    }),
    apiErrorHandler(ctx),
  );
  if (demo) server.app.use(demoPage({ publicKey: demo.publicKey }));
  finishRoutes(server.app, logger);
  const port = await server.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;
  logger.info({ url, database: db.kind }, 'Parley bot server listening');
  if (config.metricsListen) {
    const { host, port: metricsPort } = config.metricsListen;
    const listener = metricsListener(ctx.metrics.registry);
    await new Promise<void>((resolve, reject) => listener.once('error', reject).listen(metricsPort, host, resolve));
    closers.push(() => new Promise((resolve) => listener.close(resolve)));
    logger.info({ host, port: metricsPort }, 'metrics listening');
  }
  void channels.resume().catch((err: unknown) => logger.error({ err }, 'resuming channel work failed'));
  if (demo)
    await ensureDemoKnowledge(
      await ctx.knowledge(),
      demo.botId,
      logger,
      config.demoDataDir && path.join(config.demoDataDir, 'knowledge'),
    ).catch((err: unknown) => logger.error({ err }, 'indexing the demo knowledge base failed'));
  if (demo) {
    const password = demo.passwordIsNew
      ? demo.operatorPassword
      : config.demoOperatorPassword !== undefined
        ? 'the password in PARLEY_DEMO_OPERATOR_PASSWORD'
        : `the password in ${demo.credentialsFile}`;
    console.log(startBanner(url, demo, password));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
