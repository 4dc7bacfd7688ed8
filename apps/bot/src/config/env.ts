import path from 'node:path';
import { z } from 'zod';
import type { SecureCookies } from '../http/routes/auth-routes.ts';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';
import { deploymentModelsEnv } from '../models/model-choice.ts';

/** Default cap of open connections per peer: a busy office behind one NAT, each person with a console and tabs. */
export const MAX_CONNECTIONS_PER_IP = 256;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Loopback by default: a fresh checkout should not be reachable from the network until someone says so. */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** "off" skips seeding and training the demo bot (production installs). */
  PARLEY_DEMO: z.enum(['on', 'off']).default('on'),
  /**
   * The demo bot's examples and answers, laid out as apps/bot/demo (bitext/train.jsonl and answers.json at
   * least); default: the shipped demo. Read when the demo bot is first seeded.
   */
  PARLEY_DEMO_DATA_DIR: z.string().trim().min(1).optional(),
  /** Fixes the demo operator's password (at least 10 characters) instead of a random one. */
  PARLEY_DEMO_OPERATOR_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PARLEY_DATA_DIR: z.string().trim().min(1).default('./data'),
  /**
   * PostgreSQL prepared statements: each connection plans the server's fixed SQL once. "off" for a pooler that
   * cannot keep them per client (PgBouncer in transaction mode before 1.21).
   */
  PARLEY_PG_PREPARE: z.enum(['on', 'off']).default('on'),
  PARLEY_DEMO_API_KEY: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Abuse limits. One IP can be a whole office behind NAT, so the per-IP ones are generous; a load test from
  // loopback raises them.
  PARLEY_RATE_IP_CONNECTIONS: z.coerce.number().int().min(1).default(120),
  PARLEY_RATE_SOCKET_EVENTS: z.coerce.number().int().min(1).default(60),
  PARLEY_RATE_IP_REQUESTS: z.coerce.number().int().min(1).default(600),
  /**
   * Run the encoder in a worker thread (on) or on the event loop (off). On uses the second core for the model
   * while the loop serves sockets: bench:bot measured 303 against 193 answered msg/s (Postgres, 1,000 clients),
   * for ~95 MB more RSS. Off suits a small box where memory is tighter than CPU.
   */
  PARLEY_ENCODER_WORKER: z.enum(['on', 'off']).default('on'),
  /** PARLEY_ENCODER and PARLEY_HF_MODELS_DIR: what bots' models are made of (models/model-choice.ts). */
  ...deploymentModelsEnv,
  /**
   * Let knowledge crawls read loopback and private-network hosts (an intranet's help centre). Off by default: an
   * admin could otherwise index the server's own network, cloud metadata included, and read it back by search.
   */
  PARLEY_CRAWL_PRIVATE_NETWORKS: z.enum(['on', 'off']).default('off'),
  /** Comma-separated origins allowed to call the API from a browser (the console); the widget's are per bot. */
  PARLEY_CORS_ORIGINS: z.string().trim().default(''),
  // Encrypts channel secrets at rest; every server of a deployment needs the same one. Unset: a key file in the data dir.
  PARLEY_SECRETS_KEY: z.string().trim().min(1).optional(),
  // Where providers reach this server (https://bots.example.com): makes webhook URLs absolute, registers Telegram's.
  PARLEY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Behind a reverse proxy (which HTTPS needs): which peers' X-Forwarded-For/-Proto to believe (trust-proxy.ts).
  PARLEY_TRUST_PROXY: z
    .string()
    .trim()
    .transform((value, context) => {
      try {
        return parseTrustProxy(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  PARLEY_SECURE_COOKIES: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Bearer token for GET /metrics on the main listener; unset: /metrics is not served there. */
  PARLEY_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  /** host:port of a separate listener serving only /metrics, without a token (a private address). */
  PARLEY_METRICS_LISTEN: z
    .string()
    .trim()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[\w.-]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464')
    .optional(),
  /**
   * Redis for running several nodes (redis://host:6379/0): the Socket.IO adapter, shared rate limits and the job
   * queue. Unset: one process, in-memory limits and an in-process queue, as before.
   */
  REDIS_URL: z
    .string()
    .trim()
    .refine((url) => /^rediss?:\/\//.test(url), 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Prefixes every Redis key and stream, so deployments can share one Redis. */
  PARLEY_REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[\w.-]{1,40}$/, 'letters, digits, dot, dash and underscore, at most 40')
    .default('parley'),
  /** Whether this node also runs queued background work (training, channel events and delivery): "off" for web-only nodes. */
  PARLEY_WORKERS: z.enum(['on', 'off']).default('on'),
  PARLEY_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(MAX_CONNECTIONS_PER_IP),
  PARLEY_CHECK_RESPONSES: z.enum(['on', 'off']).optional(),
  NODE_ENV: z.string().optional(),
});

export interface RateLimits {
  /** New socket connections per IP per minute. */
  connectionsPerIpPerMinute: number;
  /** Client events per socket per 10 seconds. */
  eventsPerSocketPer10s: number;
  /** HTTP requests per IP per minute. */
  requestsPerIpPerMinute: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  demo: boolean;
  demoOperatorPassword: string | undefined;
  /** The demo bot's data directory; undefined: the shipped demo. */
  demoDataDir: string | undefined;
  encoderWorker: boolean;
  crawlPrivateNetworks: boolean;
  /** Named (prepared) statements on PostgreSQL. */
  pgPreparedStatements: boolean;
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  demoApiKey: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  rateLimits: RateLimits;
  corsOrigins: string[];
  secretsKey: string | undefined;
  publicUrl: string | undefined;
  trustProxy: TrustProxy;
  secureCookies: SecureCookies;
  metricsToken: string | undefined;
  metricsListen: { host: string; port: number } | undefined;
  maxConnectionsPerIp: number;
  /** Check every REST answer against the contract (a 500 when one breaks it); off by default in production. */
  checkResponses: boolean;
  /** Unset: a single process on in-memory limits and an in-process queue. */
  redisUrl: string | undefined;
  redisPrefix: string;
  /** Whether this process runs queued background work. */
  workers: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the server's settings from the environment; every bad value is named in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty variable means "not set", as shells and .env files commonly leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    demo: e.PARLEY_DEMO === 'on',
    demoOperatorPassword: e.PARLEY_DEMO_OPERATOR_PASSWORD,
    demoDataDir: e.PARLEY_DEMO_DATA_DIR && path.resolve(e.PARLEY_DEMO_DATA_DIR),
    encoderWorker: e.PARLEY_ENCODER_WORKER === 'on',
    crawlPrivateNetworks: e.PARLEY_CRAWL_PRIVATE_NETWORKS === 'on',
    databaseUrl: e.DATABASE_URL,
    pgPreparedStatements: e.PARLEY_PG_PREPARE === 'on',
    dataDir: path.resolve(e.PARLEY_DATA_DIR),
    demoApiKey: e.PARLEY_DEMO_API_KEY,
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      connectionsPerIpPerMinute: e.PARLEY_RATE_IP_CONNECTIONS,
      eventsPerSocketPer10s: e.PARLEY_RATE_SOCKET_EVENTS,
      requestsPerIpPerMinute: e.PARLEY_RATE_IP_REQUESTS,
    },
    secretsKey: e.PARLEY_SECRETS_KEY,
    publicUrl: e.PARLEY_PUBLIC_URL,
    trustProxy: e.PARLEY_TRUST_PROXY ?? false,
    secureCookies: ({ auto: 'auto', on: true, off: false } as const)[e.PARLEY_SECURE_COOKIES],
    metricsToken: e.PARLEY_METRICS_TOKEN,
    metricsListen: e.PARLEY_METRICS_LISTEN ? hostAndPort(e.PARLEY_METRICS_LISTEN) : undefined,
    maxConnectionsPerIp: e.PARLEY_MAX_CONNECTIONS_PER_IP,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.PARLEY_REDIS_PREFIX,
    workers: e.PARLEY_WORKERS === 'on',
    checkResponses: (e.PARLEY_CHECK_RESPONSES ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
    corsOrigins: e.PARLEY_CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
}

const hostAndPort = (value: string): { host: string; port: number } => {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(value.slice(at + 1)) };
};
