import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { Server, type Namespace } from 'socket.io';
import {
  NAMESPACES,
  type CustomerClientToServerEvents,
  type CustomerServerToClientEvents,
  type OperatorClientToServerEvents,
  type OperatorServerToClientEvents,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { MAX_CONNECTIONS_PER_IP, type RateLimits } from '../config/env.ts';
import type { TrustProxy } from '../config/trust-proxy.ts';
import type { SocketAdapter } from '../cluster/cluster.ts';
import type { LimiterFactory } from '../cluster/limiter-factory.ts';
import { limitConnectionsPerIp, limitEventsPerSocket } from '../realtime/socket-rate-limit.ts';
import { capConnectionsPerIp } from './connection-cap.ts';
import { securityHeaders } from './security-headers.ts';
import { validateClientEvents } from './socket-validation.ts';

/** Bounds what one socket message or HTTP body may carry; the protocol's own limits are far below this. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * The last handlers of the app, mounted after every route: a JSON 404, and a JSON 500 that logs the error and
 * never sends a stack trace to the client.
 */
export function finishRoutes(app: Express, logger: Logger): void {
  app.use((req: Request, res: Response) => {
    // A body still arriving for a page that does not exist is not worth receiving (as in apiErrorHandler).
    if (!req.complete) res.setHeader('Connection', 'close');
    res.status(404).json({ error: { code: 'not_found', message: 'no such page' } });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The client broke the connection itself (bytes after `Connection: close`, a reset mid-request): nothing failed here.
    if (/^(HPE_|ECONNRESET$|ECONNABORTED$)/.test(String((error as { code?: unknown }).code)) || req.socket.destroyed) {
      logger.debug({ err: error }, 'client connection error');
      if (!res.headersSent && !req.socket.destroyed)
        res.status(400).json({ error: { code: 'invalid_payload', message: 'the request could not be read' } });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'invalid_payload', message: 'the request could not be read' } });
      return;
    }
    logger.error({ err: error }, 'request failed');
    res.status(500).json({ error: { code: 'internal', message: 'the server failed to handle this request' } });
  });
}

export interface BotServer {
  app: Express;
  http: HttpServer;
  io: Server;
  customers: Namespace<CustomerClientToServerEvents, CustomerServerToClientEvents>;
  operators: Namespace<OperatorClientToServerEvents, OperatorServerToClientEvents>;
  /** Listens on `host` (loopback by default) and resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export interface BotServerOptions {
  logger: Logger;
  /** Abuse limits; the defaults of loadConfig when omitted. */
  rateLimits?: RateLimits;
  /**
   * Which peers are proxies whose X-Forwarded-For and X-Forwarded-Proto count, as Express's `trust proxy` reads it
   * (a hop count, `loopback`, addresses or CIDRs). Default none: the TCP peer is the client, and nothing is HTTPS.
   */
  trustProxy?: TrustProxy;
  /** Open TCP connections one peer address may hold (slow-connection floods); trusted proxies are exempt. */
  maxConnectionsPerIp?: number;
  /**
   * Several nodes: the Socket.IO adapter on Redis streams (Cluster.socketAdapter), with connection-state recovery,
   * and limiters counting in Redis (Cluster.limiters). Without them: one process, in-memory adapter and limits.
   */
  cluster?: { adapter: SocketAdapter; limiters: LimiterFactory };
}

/**
 * How long a dropped socket's rooms and missed packets are kept for it to recover (on any node). The namespaces'
 * middlewares run again on recovery (skipMiddlewares off), so a recovered socket is authenticated afresh and its
 * socket.data rebuilt; the clients' join and inbox subscriptions, renewed on every connect, do the rest.
 */
const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** Express's compiled `trust proxy`: whether the peer at `hop` (0 = the TCP peer) is a trusted proxy. */
export type TrustFunction = (address: string, hop: number) => boolean;

const DEFAULT_LIMITS: RateLimits = { connectionsPerIpPerMinute: 120, eventsPerSocketPer10s: 60, requestsPerIpPerMinute: 600 };

/**
 * The HTTP app and the two Socket.IO namespaces, with per-IP connection limits, a per-socket event budget and
 * validation in front of every client event, in that order: junk is refused before it costs a parse.
 */
export function createBotServer(options: BotServerOptions | Logger): BotServer {
  const settings: BotServerOptions = 'logger' in options ? options : { logger: options };
  const { logger, rateLimits = DEFAULT_LIMITS } = settings;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', settings.trustProxy ?? false);
  const trust = app.get('trust proxy fn') as TrustFunction;
  app.use(securityHeaders());
  // No app-wide body parser: each API route reads its body once its caller is authenticated (run-route.ts).
  // Liveness only: the process answers. Readiness (database, models) is /readyz.
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const http = createServer(app);
  // Node's defaults let a client take a minute to send headers and five to send a body; a slow-connection flood
  // needs far less. Bodies are at most a few MB, so two minutes suits the slowest honest uploader.
  http.headersTimeout = 15_000;
  http.requestTimeout = 120_000;
  capConnectionsPerIp(http, settings.maxConnectionsPerIp ?? MAX_CONNECTIONS_PER_IP, trust);
  // serveClient: the demo page loads /socket.io/socket.io.min.js. CORS reflects any origin because the widget
  // runs on customers' sites; which sites may use a bot is checked per bot in the customer handshake, and no
  // cookies cross origins (credentials stay off).
  const io = new Server(http, {
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    serveClient: true,
    cors: { origin: true, credentials: false },
    ...(settings.cluster
      ? {
          adapter: settings.cluster.adapter,
          connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
        }
      : {}),
  });
  // One Server carries both namespaces, each with its own event maps from the shared protocol.
  const customers = io.of(NAMESPACES.customer) as unknown as BotServer['customers'];
  const operators = io.of(NAMESPACES.operator) as unknown as BotServer['operators'];
  const perSocket = limitEventsPerSocket(rateLimits.eventsPerSocketPer10s);
  for (const [namespace, name] of [
    [customers, NAMESPACES.customer],
    [operators, NAMESPACES.operator],
  ] as const) {
    (namespace as Namespace).use(limitConnectionsPerIp(rateLimits.connectionsPerIpPerMinute, trust, settings.cluster?.limiters, name));
    namespace.on('connection', perSocket);
    namespace.on('connection', validateClientEvents(name));
  }
  io.engine.on('connection_error', (error: { code: number; message: string }) => logger.debug({ error }, 'socket connection refused'));

  return {
    app,
    http,
    io,
    customers,
    operators,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve((http.address() as AddressInfo).port));
      }),
    close: () => new Promise((resolve) => void io.close(() => resolve())),
  };
}
