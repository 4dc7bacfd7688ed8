import type { RequestOrigins } from '../http/request-origins.ts';
import type { Logger } from 'pino';
import type { ChannelAdapters } from '../channels/channel-adapters.ts';
import type { Database } from '../db/database.ts';
import type { KeyedSerial } from '../conversation/keyed-serial.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { CrawlRuns } from '../knowledge/sources/crawl-runs.ts';
import type { OperatorNames } from '../conversation/operator-names.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import type { Publisher } from '../realtime/publisher.ts';
import type { Queues } from '../queue/work-queue.ts';
import type { TrainingJobs } from '../training/training-jobs.ts';
import type { BotConfigs } from './bot-configs.ts';
import type { BotLlm } from './bot-llm.ts';
import type { Metrics } from './metrics.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { LimiterFactory } from '../cluster/limiter-factory.ts';

/** What request and event handlers share: one per server process. */
export interface AppContext {
  db: Database;
  logger: Logger;
  models: ModelRegistry;
  bots: BotConfigs;
  names: OperatorNames;
  publisher: Publisher;
  /** Serialises work per conversation id: turns, status changes, operator posts. */
  serial: KeyedSerial;
  metrics: Metrics;
  /** The messaging channels' adapters, built from their stored configuration. */
  channels: ChannelAdapters;
  /** Retraining jobs: stored, queued, trained by a worker in a child process. */
  training: TrainingJobs;
  /** Background work: in this process, or on Redis (BullMQ) shared with other nodes and workers. */
  queues: Queues;
  /** Every bot's knowledge base, opened on first use (its encoder loads then). */
  knowledge: () => Promise<KnowledgeBase>;
  /** The crawls of knowledge sources running in this process (started by the API and the crawl scheduler). */
  crawls: CrawlRuns;
  /** Which pages may use an operator's cookie: checked on operator sockets and cookie writes (CSRF). */
  origins: RequestOrigins;
  /** Each bot's language model settings (key decrypted), token quotas and usage metering. */
  llm: BotLlm;
  /** Makes the rate limiters: shared through Redis between nodes when there is a cluster, else in memory. */
  limiters: LimiterFactory;
  /** This node's place in a deployment of several (REDIS_URL); undefined when it runs alone. */
  cluster?: Cluster;
}
