import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { AdapterOptions } from '@parley/connectors';
import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';
import { ChannelAdapters } from '../channels/channel-adapters.ts';
import { ChannelRuntime } from '../channels/channel-runtime.ts';
import { SecretBox } from '../channels/secret-box.ts';
import type { RateLimits } from '../config/env.ts';
import { KeyedSerial } from '../conversation/keyed-serial.ts';
import { OperatorNames } from '../conversation/operator-names.ts';
import type { Database } from '../db/database.ts';
import { consoleRoute } from '../http/console-route.ts';
import { faviconRoute } from '../http/favicon-route.ts';
import { widgetRoute } from '../http/widget-route.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { authenticateCustomer } from '../realtime/customer-auth.ts';
import { customerHandlers } from '../realtime/customer-handlers.ts';
import { RequestOrigins } from '../http/request-origins.ts';
import { authenticateOperator } from '../realtime/operator-auth.ts';
import { operatorHandlers } from '../realtime/operator-handlers.ts';
import { holdOperatorSession } from '../realtime/operator-session.ts';
import { Publisher } from '../realtime/publisher.ts';
import type { TrustProxy } from '../config/trust-proxy.ts';
import { createBotServer, type BotServer } from '../server/create-server.ts';
import { TrainingJobs, type TrainingJobsOptions } from '../training/training-jobs.ts';
import { openQueues } from '../queue/open-queues.ts';
import type { Queues } from '../queue/work-queue.ts';
import { rooms } from '../realtime/rooms.ts';
import type { Cluster } from '../cluster/cluster.ts';
import { followModelChanges } from '../cluster/follow-models.ts';
import { memoryLimiters } from '../cluster/limiter-factory.ts';
import { BotConfigs } from './bot-configs.ts';
import { BotLlm } from './bot-llm.ts';
import type { AppContext } from './context.ts';
import { knowledgeOpener } from './knowledge-opener.ts';
import { CrawlRuns, type CrawlRunsOptions } from '../knowledge/sources/crawl-runs.ts';
import { startCrawlScheduler, type CrawlSchedulerOptions } from '../knowledge/sources/crawl-scheduler.ts';
import { createMetrics } from './metrics.ts';
import { metricsRoute } from './metrics-route.ts';
import { readinessRoute } from './readiness-route.ts';
import { startVisitorPurge } from './visitor-purge.ts';

export interface AppOptions {
  db: Database;
  logger: Logger;
  models: ModelRegistry;
  rateLimits?: RateLimits;
  /** Retry and timeout settings of channel adapters (tests shorten them). */
  channelAdapterOptions?: AdapterOptions;
  /** Encrypts channel secrets at rest (loadSecretsKey); a random one when omitted, which only suits tests. */
  secretsKey?: Buffer;
  /** The console's production build; apps/console/dist by default. */
  consoleDir?: string;
  /** Where retraining writes models and its embedding cache (the data dir), and its limits; a temp dir when omitted. */
  training?: TrainingJobsOptions;
  /**
   * Origins besides the server's own whose pages may open operator connections with the session cookie (the
   * console served elsewhere: PARLEY_CORS_ORIGINS, and PARLEY_PUBLIC_URL's origin).
   */
  consoleOrigins?: string[];
  /** Bearer token of GET /metrics on this listener; without one /metrics is not served here. */
  metricsToken?: string;
  trustProxy?: TrustProxy;
  maxConnectionsPerIp?: number;
  /** Crawling knowledge sources: request limits, liveness, and how often the scheduler looks for due sources (tests shorten them). */
  knowledgeCrawl?: CrawlRunsOptions & { scheduler?: CrawlSchedulerOptions };
  /**
   * This node's place among several on one Redis (joinCluster; main.ts opens it from REDIS_URL): Socket.IO on
   * the Redis adapter, limits counted in Redis, and caches following the other nodes' changes. Undefined: one process.
   */
  cluster?: Cluster;
  /** Background work (openQueues; main.ts opens them on REDIS_URL); default: this process's own queues. */
  queues?: Queues;
  /** Whether this process runs queued work (PARLEY_WORKERS); a web-only node stores and queues. Default: yes. */
  workers?: boolean;
}

export interface App {
  ctx: AppContext;
  server: BotServer;
  channels: ChannelRuntime;
}

/**
 * The whole realtime server on an open database: both namespaces authenticated and wired to the conversation
 * engine, with /readyz and (given a token) /metrics. HTTP routes beyond that are mounted by the caller (main.ts)
 * on `server.app`.
 */
export function createApp(options: AppOptions): App {
  const { db, logger, models, cluster } = options;
  const queues = options.queues ?? openQueues({ logger });
  const workers = options.workers ?? true;
  const server = createBotServer({
    logger,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    ...(options.maxConnectionsPerIp === undefined ? {} : { maxConnectionsPerIp: options.maxConnectionsPerIp }),
    ...(cluster ? { cluster: { adapter: cluster.socketAdapter(), limiters: cluster.limiters } } : {}),
  });
  const names = new OperatorNames(db);
  const metrics = createMetrics();
  // One key seals every secret at rest: channel tokens and language model keys alike.
  const secrets = new SecretBox(options.secretsKey ?? randomBytes(32));
  const publisher = new Publisher(server.customers, server.operators, db, names, logger, cluster?.bus);
  const ctx: AppContext = {
    db,
    logger,
    models,
    names,
    metrics,
    bots: new BotConfigs(db, logger, cluster?.bus),
    serial: new KeyedSerial(),
    publisher,
    channels: new ChannelAdapters(db, secrets, logger, options.channelAdapterOptions),
    origins: new RequestOrigins(options.consoleOrigins ?? []),
    llm: new BotLlm(db, secrets, logger, cluster?.bus),
    limiters: cluster?.limiters ?? memoryLimiters,
    ...(cluster ? { cluster } : {}),
    knowledge: knowledgeOpener(db, models),
    crawls: new CrawlRuns({ db, logger, knowledge: () => ctx.knowledge() }, options.knowledgeCrawl),
    queues,
    training: new TrainingJobs(
      {
        db,
        publisher,
        logger,
        queue: queues.training,
        work: workers,
        // A shared queue relays progress to every node: each emits it to its own operators only, so each gets it once.
        ...(queues.shared && {
          emitLocal: (workspaceId, event) => server.operators.local.to(rooms.workspace(workspaceId)).emit('training:progress', event),
        }),
      },
      options.training ?? { dataDir: path.join(os.tmpdir(), 'parley-training') },
    ),
  };
  if (cluster) followModelChanges(ctx, cluster.bus);
  const channels = new ChannelRuntime(ctx, { work: workers });
  server.app.use(channels.router);
  const visitorPurge = startVisitorPurge(ctx);
  server.http.once('close', () => visitorPurge.stop());
  const crawlScheduler = startCrawlScheduler({ db, logger, runs: ctx.crawls }, options.knowledgeCrawl?.scheduler);
  server.http.once('close', () => void crawlScheduler.stop());

  server.customers.use(authenticateCustomer(ctx));
  server.operators.use(authenticateOperator(ctx));
  server.operators.on('connection', holdOperatorSession(ctx));
  server.customers.on('connection', customerHandlers(ctx, server.operators));
  server.operators.on('connection', operatorHandlers(ctx, server.customers));
  for (const [namespace, label] of [
    [server.customers as unknown as Namespace, 'customer'],
    [server.operators as unknown as Namespace, 'operator'],
  ] as const) {
    namespace.on('connection', (socket) => {
      metrics.sockets.inc({ namespace: label });
      socket.on('disconnect', () => metrics.sockets.dec({ namespace: label }));
    });
  }

  server.app.use(widgetRoute());
  server.app.use(faviconRoute());
  server.app.use(consoleRoute(options.consoleDir));
  server.app.get('/readyz', readinessRoute(ctx));
  server.app.get('/metrics', metricsRoute(metrics.registry, options.metricsToken));
  return { ctx, server, channels };
}
