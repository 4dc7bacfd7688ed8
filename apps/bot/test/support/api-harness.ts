import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp, type AppOptions } from '../../src/app/create-app.ts';
import type { AppContext } from '../../src/app/context.ts';
import type { RateLimits } from '../../src/config/env.ts';
import { createApiKey } from '../../src/db/api-key-store.ts';
import { createBot, createWorkspace, type Bot } from '../../src/db/bot-store.ts';
import type { Database } from '../../src/db/database.ts';
import { addModelVersion, promoteModelVersion } from '../../src/db/model-version-store.ts';
import { createOperator, type Operator, type OperatorRole } from '../../src/db/operator-store.ts';
import { createVisitor } from '../../src/db/visitor-store.ts';
import { apiErrorHandler, apiRouter, type ApiRouterOptions } from '../../src/http/api-router.ts';
import { apiErrorSchema } from '@parley/protocol';
import { ModelRegistry } from '../../src/models/model-registry.ts';
import type { BotServer } from '../../src/server/create-server.ts';
import { silentLogger } from './logger.ts';
import { tinyModelDir } from './tiny-model.ts';

const unique = () => randomBytes(6).toString('hex');

// ── The tiny model of test/support/tiny-model.ts, trained once per machine ─────────────────────────────────

export { TINY_INTENTS as INTENT_LABELS, TINY_SENTIMENTS as SENTIMENT_LABELS } from './tiny-model.ts';

export interface TinyModel {
  version: string;
  artifactDir: string;
}

export async function tinyModelArtifact(): Promise<TinyModel> {
  const { dir, version } = await tinyModelDir();
  return { version, artifactDir: dir };
}

/** Records the tiny model for `botId`, promotes it and serves it, as a retrain would. */
export async function serveTinyModel(ctx: AppContext, botId: string): Promise<string> {
  const { version, artifactDir } = await tinyModelArtifact();
  await addModelVersion(ctx.db, { botId, version, artifactDir });
  await promoteModelVersion(ctx.db, { botId, version });
  await ctx.models.activate(botId, version, artifactDir);
  return version;
}

// ── A server with the API mounted ───────────────────────────────────────────────────────────────────────────

export const GENEROUS_LIMITS: RateLimits = {
  connectionsPerIpPerMinute: 10_000,
  eventsPerSocketPer10s: 10_000,
  requestsPerIpPerMinute: 100_000,
};

export interface ApiHarness {
  ctx: AppContext;
  server: BotServer;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/api/v1` */
  base: string;
  /** Mounts another API router under `<prefix>/api/v1` of the same server (other limits), returning its base URL. */
  mountAnother(prefix: string, options: Partial<ApiRouterOptions>): string;
  /** Client sockets to disconnect on close. */
  sockets: Socket[];
  close(): Promise<void>;
}

export const CONSOLE_ORIGIN = 'https://console.example.com';

/** createApp on `db` with the API mounted the way the server mounts it, listening on a free port. */
export async function startApi(
  db: Database,
  options: { logger?: Logger; router?: Partial<ApiRouterOptions>; app?: Partial<AppOptions> } = {},
): Promise<ApiHarness> {
  const logger = options.logger ?? silentLogger();
  const models = new ModelRegistry({ logger });
  await models.loadActive(db);
  const { ctx, server } = createApp({ db, logger, models, consoleOrigins: [CONSOLE_ORIGIN], ...options.app });
  const routerOptions = (overrides: Partial<ApiRouterOptions>): ApiRouterOptions => ({
    rateLimits: GENEROUS_LIMITS,
    corsOrigins: [CONSOLE_ORIGIN],
    apiKeyRequestsPerSecond: 1000,
    ...options.router,
    ...overrides,
  });
  const mount = (at: string, overrides: Partial<ApiRouterOptions>) =>
    server.app.use(at, apiRouter(ctx, routerOptions(overrides)), apiErrorHandler(ctx));
  mount('/api/v1', {});
  const origin = `http://127.0.0.1:${await server.listen(0)}`;
  const sockets: Socket[] = [];
  return {
    ctx,
    server,
    origin,
    base: `${origin}/api/v1`,
    sockets,
    mountAnother(prefix, overrides) {
      mount(`${prefix}/api/v1`, overrides);
      return `${origin}${prefix}/api/v1`;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await server.close();
      await models.close();
    },
  };
}

// ── Data ────────────────────────────────────────────────────────────────────────────────────────────────────

export const PASSWORD = 'correct horse battery';

export interface SeededWorkspace {
  workspaceId: string;
  bot: Bot;
  admin: Operator;
  agent: Operator;
  /** A live API key of `bot`, unlimited. */
  apiKey: string;
}

/** A workspace with one bot, an admin and an agent (password PASSWORD), and an API key of the bot. */
export async function seedWorkspace(db: Database, name = 'Acme'): Promise<SeededWorkspace> {
  const workspaceId = await createWorkspace(db, name);
  const bot = await createBot(db, { workspaceId, name: `${name} support`, publicKey: `pub_${unique()}`, config: {} });
  const operator = (role: OperatorRole) =>
    createOperator(db, { workspaceId, email: `${role}-${unique()}@example.com`, displayName: `${name} ${role}`, password: PASSWORD, role });
  const [admin, agent] = [await operator('admin'), await operator('agent')];
  const { key } = await createApiKey(db, { botId: bot.id, label: 'tests' });
  return { workspaceId, bot, admin, agent, apiKey: key };
}

// ── HTTP and socket helpers ─────────────────────────────────────────────────────────────────────────────────

/**
 * A parsed response body, loosely typed on purpose: tests poke at fields and then assert on them, and a body
 * whose shape matters is parsed with the route's own zod schema instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

export interface JsonResponse<T = LooseJson> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch with a JSON body and an optional bearer token; the body comes back parsed (undefined when empty). */
export async function call<T = LooseJson>(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as T) : (undefined as T) };
}

/** Logs in through the API and returns the session token. */
export async function login(base: string, email: string, password = PASSWORD): Promise<string> {
  const response = await call<{ token: string }>(`${base}/auth/login`, { body: { email, password } });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token;
}

/** A widget customer of `bot`, connected to /customer with a visitor token made for it. */
export async function connectCustomer(harness: ApiHarness, bot: Bot): Promise<Socket> {
  const { token } = await createVisitor(harness.ctx.db, bot.id);
  const socket = connect(`${harness.origin}/customer`, {
    auth: { botKey: bot.publicKey, visitorToken: token },
    transports: ['websocket'],
    reconnection: false,
  });
  harness.sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Asserts the one error shape `{error:{code,message}}` with this status and code, and returns the message. */
export function assertApiError(response: { status: number; body: unknown }, status: number, code: string): string {
  assert.equal(response.status, status, JSON.stringify(response.body));
  const parsed = apiErrorSchema.parse(response.body);
  assert.equal(parsed.error.code, code);
  return parsed.error.message;
}

/** GET a download with a bearer token: status, headers and the body as text. */
export async function download(url: string, token: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export interface TwoWorkspaces {
  api: ApiHarness;
  /** The workspace under test. */
  acme: SeededWorkspace;
  /** Another workspace, whose operators must see nothing of Acme's. */
  globex: SeededWorkspace;
  tokens: { admin: string; agent: string; outsider: string };
}

/** startApi on `db` with two workspaces and sessions for Acme's admin and agent and Globex's admin. */
export async function startTwoWorkspaces(db: Database): Promise<TwoWorkspaces> {
  const api = await startApi(db);
  const [acme, globex] = [await seedWorkspace(db, 'Acme'), await seedWorkspace(db, 'Globex')];
  const tokens = {
    admin: await login(api.base, acme.admin.email),
    agent: await login(api.base, acme.agent.email),
    outsider: await login(api.base, globex.admin.email),
  };
  return { api, acme, globex, tokens };
}
