import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { Server, type Namespace } from 'socket.io';
import {
  NAMESPACES,
  type CustomerClientToServerEvents,
  type CustomerServerToClientEvents,
  type OperatorClientToServerEvents,
  type OperatorServerToClientEvents,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { validateClientEvents } from './socket-validation.ts';

/** Bounds what one socket message or HTTP body may carry; the protocol's own limits are far below this. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export interface BotServer {
  app: Express;
  http: HttpServer;
  io: Server;
  customers: Namespace<CustomerClientToServerEvents, CustomerServerToClientEvents>;
  operators: Namespace<OperatorClientToServerEvents, OperatorServerToClientEvents>;
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

/** The HTTP app and the two Socket.IO namespaces, with validation in front of every client event. */
export function createBotServer(logger: Logger): BotServer {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(express.json({ limit: MAX_PAYLOAD_BYTES }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const http = createServer(app);
  const io = new Server(http, { maxHttpBufferSize: MAX_PAYLOAD_BYTES, serveClient: false });
  // One Server carries both namespaces, each with its own event maps from the shared protocol.
  const customers = io.of(NAMESPACES.customer) as unknown as BotServer['customers'];
  const operators = io.of(NAMESPACES.operator) as unknown as BotServer['operators'];
  customers.on('connection', validateClientEvents(NAMESPACES.customer));
  operators.on('connection', validateClientEvents(NAMESPACES.operator));
  io.engine.on('connection_error', (error: { code: number; message: string }) => logger.debug({ error }, 'socket connection refused'));

  return {
    app,
    http,
    io,
    customers,
    operators,
    listen: (port) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, '127.0.0.1', () => resolve((http.address() as AddressInfo).port));
      }),
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}
