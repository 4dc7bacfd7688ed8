import type { Queues } from '../../src/queue/work-queue.ts';
import { randomBytes } from 'node:crypto';
import type { AdapterOptions } from '@parley/connectors';
import type { Logger } from 'pino';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type {
  CustomerClientToServerEvents,
  CustomerServerToClientEvents,
  OperatorClientToServerEvents,
  OperatorServerToClientEvents,
} from '@parley/protocol';
import { createApp, type App } from '../../src/app/create-app.ts';
import type { RateLimits } from '../../src/config/env.ts';
import { createBot, createWorkspace } from '../../src/db/bot-store.ts';
import type { Database } from '../../src/db/database.ts';
import { addModelVersion, promoteModelVersion } from '../../src/db/model-version-store.ts';
import { createOperator, type Operator, type OperatorRole } from '../../src/db/operator-store.ts';
import { createSession } from '../../src/db/session-store.ts';
import type { BotConfigInput } from '../../src/engine/bot-config.ts';
import { ModelRegistry } from '../../src/models/model-registry.ts';
import { silentLogger } from './logger.ts';
import { tinyModelDir } from './tiny-model.ts';

export type CustomerClient = Socket<CustomerServerToClientEvents, CustomerClientToServerEvents>;
export type OperatorClient = Socket<OperatorServerToClientEvents, OperatorClientToServerEvents>;

export const TEST_BOT_CONFIG: BotConfigInput = {
  answers: {
    track_order: {
      text: 'You can track your order under My orders.',
      quickReplies: [
        { label: 'Cancel it', value: 'cancel_order' },
        { label: 'Talk to a person', value: 'human_agent' },
      ],
    },
    cancel_order: { text: 'To cancel, open the order and press Cancel.' },
    get_refund: { text: 'Refunds reach your card within 5 days.' },
    change_address: { text: 'You can change the address until the order ships.' },
  },
  // The built-ins add ~2,000 examples, turning a tiny domain's seconds of training into tens of seconds; the
  // tests that are about them turn them back on.
  builtins: { smallTalk: false, background: false },
};

export interface Harness {
  app: App;
  base: string;
  workspaceId: string;
  botId: string;
  publicKey: string;
  modelVersion: string;
  /** A new operator of the harness's workspace (or another one) with a live session token. */
  operator(role?: OperatorRole, workspaceId?: string): Promise<{ operator: Operator; token: string }>;
  /** A connected customer socket; without a token it becomes a new visitor and gets one in `session`. */
  customer(options?: {
    visitorToken?: string;
    botKey?: string;
    origin?: string;
    /** Wait for the `session` event of a new visitor; the default when no token is given. */
    expectSession?: boolean;
  }): Promise<{ socket: CustomerClient; visitorToken: string }>;
  operatorSocket(token: string): Promise<OperatorClient>;
  close(): Promise<void>;
}

const unique = () => randomBytes(6).toString('hex');

/** A real server on port 0 with one workspace, one bot with the tiny model live, on the given database. */
export async function startHarness(
  db: Database,
  options: {
    config?: BotConfigInput;
    rateLimits?: RateLimits;
    withModel?: boolean;
    allowedOrigins?: string[];
    channelAdapterOptions?: AdapterOptions;
    logger?: Logger;
    /** Background queues (openQueues): BullMQ on Redis for tests of the shared queue; default in-process. */
    queues?: Queues;
  } = {},
): Promise<Harness> {
  const logger = options.logger ?? silentLogger();
  const models = new ModelRegistry({ logger });
  const app = createApp({
    db,
    logger,
    models,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.channelAdapterOptions ? { channelAdapterOptions: options.channelAdapterOptions } : {}),
    ...(options.queues ? { queues: options.queues } : {}),
  });
  const workspaceId = await createWorkspace(db, `ws-${unique()}`);
  const bot = await createBot(db, {
    workspaceId,
    name: 'Test bot',
    publicKey: `pk_test_${unique()}`,
    config: { ...(options.config ?? TEST_BOT_CONFIG), ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}) },
  });
  let modelVersion = '';
  if (options.withModel !== false) {
    const tiny = await tinyModelDir();
    modelVersion = `${tiny.version}-${unique()}`;
    // Each bot registers the shared artifact under a version of its own (versions are unique server-wide).
    await addModelVersion(db, { botId: bot.id, version: modelVersion, artifactDir: tiny.dir });
    await promoteModelVersion(db, { botId: bot.id, version: modelVersion });
    await models.loadActive(db);
  }
  await app.server.listen(0);
  const base = `http://127.0.0.1:${(app.server.http.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];

  const connected = <S extends Socket>(socket: S): Promise<S> =>
    new Promise((resolve, reject) => {
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  return {
    app,
    base,
    workspaceId,
    botId: bot.id,
    publicKey: bot.publicKey,
    modelVersion,
    async operator(role = 'agent', ws = workspaceId) {
      const operator = await createOperator(db, {
        workspaceId: ws,
        email: `op-${unique()}@example.com`,
        displayName: `Op ${unique().slice(0, 4)}`,
        password: 'correct horse battery',
        role,
      });
      return { operator, token: (await createSession(db, operator.id)).token };
    },
    async customer({ visitorToken, botKey = bot.publicKey, origin, expectSession = !visitorToken } = {}) {
      const socket: CustomerClient = connect(`${base}/customer`, {
        transports: ['websocket'],
        reconnection: false,
        auth: { botKey, ...(visitorToken ? { visitorToken } : {}) },
        ...(origin ? { extraHeaders: { origin } } : {}),
        forceNew: true,
      });
      const session = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no session event')), 5_000);
        socket.once('session', (s) => (clearTimeout(timer), resolve(s.visitorToken)));
      });
      session.catch(() => undefined);
      await connected(socket);
      return { socket, visitorToken: expectSession ? await session : visitorToken! };
    },
    operatorSocket(token) {
      return connected(connect(`${base}/operator`, { transports: ['websocket'], reconnection: false, auth: { token }, forceNew: true }));
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      app.channels.stop();
      await app.server.close();
      await models.close();
    },
  };
}
