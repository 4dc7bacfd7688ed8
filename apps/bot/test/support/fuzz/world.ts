import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { io as connect } from 'socket.io-client';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { createApiKey, findApiKey } from '../../../src/db/api-key-store.ts';
import { createBot, createWorkspace } from '../../../src/db/bot-store.ts';
import type { Database } from '../../../src/db/database.ts';
import { createOperator, type Operator } from '../../../src/db/operator-store.ts';
import { createSession, operatorForSession } from '../../../src/db/session-store.ts';
import type { AnyRoute } from '../../../src/http/api-route.ts';
import { apiErrorHandler, apiRouter, apiRoutes, type ApiRouterOptions } from '../../../src/http/api-router.ts';
import { ModelRegistry } from '../../../src/models/model-registry.ts';
import { finishRoutes } from '../../../src/server/create-server.ts';
import { CONSOLE_ORIGIN, GENEROUS_LIMITS, INTENT_LABELS, PASSWORD, serveTinyModel } from '../api-harness.ts';
import { TEST_BOT_CONFIG, type CustomerClient } from '../bot-harness.ts';
import { sendRaw } from './http-send.ts';

export const CREDENTIALS = [
  'none',
  'bad-token',
  'malformed',
  'junk-cookie',
  'agent',
  'agent-cookie',
  'admin',
  'admin-cookie',
  'api-key',
  'outsider',
] as const;
export type CredentialName = (typeof CREDENTIALS)[number];

/** The server under fuzz and what it was seeded with. */
export interface FuzzWorld {
  app: App;
  origin: URL;
  /** The connections of every HTTP case. */
  agent: http.Agent;
  /** The API's route table, as the mounted router has it. */
  routes: AnyRoute[];
  /** Real values by parameter or property name (`botId`, `conversationId`, `intent`…): fuzz inputs mix them in. */
  known(name: string): readonly string[] | undefined;
  botKey: string;
  /** The visitor that owns the seeded conversation. */
  readonly visitorToken: string;
  /**
   * Two new conversations in place of the seeded ones (which earlier cases may have closed), so that events reach
   * live ones; `known` names them from now on.
   */
  freshConversations(): Promise<void>;
  /** Request headers carrying a credential as it stands now (cases may log sessions out or revoke keys). */
  headers(credential: CredentialName): Record<string, string>;
  sessionToken(who: 'admin' | 'agent' | 'outsider'): string;
  /** Replaces sessions and the API key that a case logged out or revoked. */
  renewCredentials(): Promise<void>;
  close(): Promise<void>;
}

const ROUTER_OPTIONS: ApiRouterOptions = {
  rateLimits: GENEROUS_LIMITS,
  corsOrigins: [CONSOLE_ORIGIN],
  apiKeyRequestsPerSecond: 1_000_000,
};

/**
 * The server the way main.ts assembles it (API router, its error handler, the final JSON 404/500), with limits
 * high enough that the fuzzer tests handlers rather than rate limiting, and two seeded workspaces: Acme, with the
 * tiny model live, a conversation, an example and a channel; Globex, whose admin is the outsider.
 */
export async function startFuzzWorld(db: Database, logger: Logger): Promise<FuzzWorld> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'parley-fuzz-'));
  // A stand-in console build, so /console serves files as in production rather than its "not built" 503.
  const consoleDir = path.join(scratch, 'console');
  mkdirSync(path.join(consoleDir, 'assets'), { recursive: true });
  writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(consoleDir, 'assets', 'app-1234.js'), 'export {};');
  const models = new ModelRegistry({ logger });
  const app = createApp({
    db,
    logger,
    models,
    rateLimits: GENEROUS_LIMITS,
    consoleDir,
    training: { dataDir: path.join(scratch, 'training') },
  });
  app.server.app.use('/api/v1', apiRouter(app.ctx, ROUTER_OPTIONS), apiErrorHandler(app.ctx));
  finishRoutes(app.server.app, logger);
  const origin = new URL(`http://127.0.0.1:${await app.server.listen(0)}`);
  // No keep-alive: a server may close a connection after refusing a body it did not read, and a request sent on
  // it in that moment fails with "socket hang up": the client's race, not the server's failure.
  const agent = new http.Agent({ keepAlive: false });

  const workspaceId = await createWorkspace(db, 'Acme');
  const bot = await createBot(db, { workspaceId, name: 'Acme support', publicKey: 'pub_fuzz_acme', config: TEST_BOT_CONFIG });
  const version = await serveTinyModel(app.ctx, bot.id);
  const globexId = await createWorkspace(db, 'Globex');
  const globexBot = await createBot(db, { workspaceId: globexId, name: 'Globex support', publicKey: 'pub_fuzz_globex', config: {} });
  const operator = (role: 'admin' | 'agent', ws: string, name: string) =>
    createOperator(db, { workspaceId: ws, email: `${name}@example.com`, displayName: name, password: PASSWORD, role });
  const people: Record<'admin' | 'agent' | 'outsider', Operator> = {
    admin: await operator('admin', workspaceId, 'acme-admin'),
    agent: await operator('agent', workspaceId, 'acme-agent'),
    outsider: await operator('admin', globexId, 'globex-admin'),
  };
  const sessions = { admin: '', agent: '', outsider: '' };
  const apiKey = { id: '', value: '' };
  const renewCredentials = async () => {
    for (const who of ['admin', 'agent', 'outsider'] as const)
      if (!(await operatorForSession(db, sessions[who]))) sessions[who] = (await createSession(db, people[who].id)).token;
    if (!(await findApiKey(db, apiKey.value))) {
      const created = await createApiKey(db, { botId: bot.id, label: 'fuzz' });
      Object.assign(apiKey, { id: created.apiKey.id, value: created.key });
    }
  };
  await renewCredentials();

  const headers = (credential: CredentialName): Record<string, string> => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const cookie = (token: string) => ({ cookie: `parley_session=${token}` });
    switch (credential) {
      case 'none':
        return {};
      case 'bad-token':
        return bearer('ps_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      case 'malformed':
        return { authorization: 'Basic Zm9vOmJhcg==, Bearer' };
      case 'junk-cookie':
        return { cookie: 'parley_session=%ff%; parley_session="; =; ;;' };
      case 'agent':
        return bearer(sessions.agent);
      case 'agent-cookie':
        return cookie(sessions.agent);
      case 'admin':
        return bearer(sessions.admin);
      case 'admin-cookie':
        return cookie(sessions.admin);
      case 'api-key':
        return bearer(apiKey.value);
      case 'outsider':
        return bearer(sessions.outsider);
    }
  };
  const call = async (method: string, url: string, body: unknown) => {
    const response = await sendRaw(
      agent,
      origin,
      { method, path: `/api/v1${url}`, headers: { ...headers('admin'), 'content-type': 'application/json' }, body: JSON.stringify(body) },
      10_000,
    );
    assert.ok('status' in response && response.status < 300, `seeding ${method} ${url}: ${JSON.stringify(response)}`);
    return JSON.parse(response.body) as Record<string, { id: string }>;
  };
  const example = await call('POST', `/bots/${bot.id}/examples`, {
    task: 'intent',
    text: 'where has my parcel got to',
    label: 'track_order',
  });
  const channel = await call('POST', `/bots/${bot.id}/channels`, {
    kind: 'webhook',
    settings: { url: 'http://127.0.0.1:9/parley-fuzz' },
    secrets: { secret: 'fuzz-secret-0123456789' },
  });

  let talk = await seedConversations(origin, bot.publicKey);
  const known: Record<string, readonly string[]> = {
    botId: [bot.id, globexBot.id],
    conversationId: talk.conversationIds,
    messageId: talk.messageIds,
    operatorId: Object.values(people).map((person) => person.id),
    apiKeyId: [apiKey.id],
    channelId: [channel.channel!.id],
    exampleId: [example.example!.id],
    intent: [...INTENT_LABELS, 'brand_new_intent'],
    label: [...INTENT_LABELS, 'positive', 'negative'],
    version: [version],
    email: Object.values(people).map((person) => person.email),
    password: [PASSWORD],
    clientMessageId: ['fuzz-client-1', 'fuzz-client-2'],
    value: ['cancel_order', 'human_agent'],
  };

  return {
    app,
    origin,
    agent,
    routes: apiRoutes(app.ctx, ROUTER_OPTIONS),
    known: (name) => known[name],
    botKey: bot.publicKey,
    get visitorToken() {
      return talk.visitorToken;
    },
    async freshConversations() {
      talk = await seedConversations(origin, bot.publicKey);
      Object.assign(known, { conversationId: talk.conversationIds, messageId: talk.messageIds });
    },
    headers,
    sessionToken: (who) => sessions[who],
    renewCredentials,
    async close() {
      agent.destroy();
      await app.ctx.training.close();
      app.channels.stop();
      await app.server.close();
      await models.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Two visitors' conversations through the widget namespace: one answered by the bot, one handed off to the team. */
async function seedConversations(origin: URL, botKey: string) {
  const conversationIds: string[] = [];
  const messageIds: string[] = [];
  const visitorTokens: string[] = [];
  for (const text of ['where is my order', 'let me talk to a person']) {
    const socket: CustomerClient = connect(`${origin.origin}/customer`, {
      auth: { botKey },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      visitorTokens.push(
        await new Promise<string>((resolve, reject) => {
          socket.once('session', (session) => resolve(session.visitorToken));
          socket.once('connect_error', reject);
        }),
      );
      const botReplied = new Promise<void>((resolve) =>
        socket.on('conversation:event', (event) => {
          if (event.type === 'message') messageIds.push(event.message.id);
          if (event.type === 'status' || event.message.author === 'bot') resolve();
        }),
      );
      const joined = await socket.timeout(10_000).emitWithAck('conversation:join', { lastSeq: 0 });
      assert.ok(joined.ok, JSON.stringify(joined));
      conversationIds.push(joined.conversationId);
      const sent = await socket
        .timeout(10_000)
        .emitWithAck('message:send', { conversationId: joined.conversationId, clientMessageId: 'seed-1', text });
      assert.ok(sent.ok, JSON.stringify(sent));
      await botReplied;
      // The bot may have handed off already (a conflict then): either way the conversation waits for the team.
      if (conversationIds.length === 2)
        await socket.timeout(10_000).emitWithAck('handoff:request', { conversationId: joined.conversationId });
    } finally {
      socket.disconnect();
    }
  }
  return { visitorToken: visitorTokens[0]!, conversationIds, messageIds: [...new Set(messageIds)] };
}
