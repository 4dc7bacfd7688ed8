/**
 * A small HTTP + WebSocket load balancer for the cluster tests and `bench:cluster`, standing in for nginx or
 * HAProxy. Written here because no proxy library is installed (`http-proxy` is not) and what is needed is small:
 * - new clients go round-robin over the healthy nodes;
 * - Socket.IO long-polling is sticky: the LB reads the engine.io session id (`sid`) from each handshake's
 *   answer and sends every later request carrying that `sid` (polls, posts, the WebSocket upgrade) to the same
 *   node, as a cookie-sticky or `hash $arg_sid` proxy would;
 * - WebSocket upgrades are piped to the node as raw TCP;
 * - a node is taken out of the rotation for new clients when /healthz fails three times in a row or a
 *   connection to it is refused, and back in when /healthz answers again; a request without a session that a
 *   node refused goes to the next one, and a request of a session on a dead node gets a 502, upon which the
 *   client handshakes again (elsewhere). Open connections are never cut by the balancer: a node that is only slow
 *   keeps its clients, and a dead node's connections close by themselves.
 */
import { createServer, request, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface LoadBalancerOptions {
  /** The nodes' base URLs (http://127.0.0.1:PORT). */
  backends: readonly string[];
  port?: number;
  host?: string;
  /** How often each node's /healthz is asked. */
  healthIntervalMs?: number;
}

export interface BackendState {
  readonly url: string;
  healthy: boolean;
  /** Requests and upgrades sent to this node. */
  routed: number;
  /** Open piped WebSockets. */
  openSockets: number;
}

export interface LoadBalancer {
  readonly url: string;
  readonly backends: readonly BackendState[];
  /** Sessions pinned to a node by their engine.io sid. */
  readonly stickySessions: number;
  /** Requests that found their sticky node dead (answered 502). */
  readonly brokenSessions: number;
  close(): Promise<void>;
}

const SOCKET_IO_PATH = '/socket.io/';
/** A sid not seen for this long is forgotten (engine.io's own ping timeout is 20 s + 25 s interval). */
const STICKY_IDLE_MS = 120_000;
const HEALTH_TIMEOUT_MS = 2_000;
const FAILED_CHECKS = 3;

interface Backend extends BackendState {
  host: string;
  port: number;
  agent: Agent;
  sockets: Set<Duplex>;
}

interface Sticky {
  backend: Backend;
  seenAt: number;
}

function sidOf(url: string | undefined): string | undefined {
  if (!url?.startsWith(SOCKET_IO_PATH)) return undefined;
  const query = url.indexOf('?');
  return query < 0 ? undefined : (new URLSearchParams(url.slice(query + 1)).get('sid') ?? undefined);
}

/** An engine.io polling handshake answers `0{"sid":"…",…}` (packet type 0, open). */
function sidFromHandshake(body: string): string | undefined {
  const json = body.startsWith('0') ? body.slice(1) : undefined;
  if (!json) return undefined;
  try {
    const sid = (JSON.parse(json) as { sid?: unknown }).sid;
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}

function forwardedHeaders(req: IncomingMessage): Record<string, string | string[] | undefined> {
  const peer = req.socket.remoteAddress ?? '';
  const prior = req.headers['x-forwarded-for'];
  return {
    ...req.headers,
    'x-forwarded-for': prior ? `${String(prior)}, ${peer}` : peer,
    'x-forwarded-proto': 'http',
  };
}

export async function startLoadBalancer(options: LoadBalancerOptions): Promise<LoadBalancer> {
  if (options.backends.length === 0) throw new Error('a load balancer needs at least one backend');
  const backends: Backend[] = options.backends.map((base) => {
    const url = new URL(base);
    return {
      url: base,
      host: url.hostname,
      port: Number(url.port),
      healthy: true,
      routed: 0,
      openSockets: 0,
      agent: new Agent({ keepAlive: true, maxSockets: 256 }),
      sockets: new Set(),
    };
  });
  const sticky = new Map<string, Sticky>();
  let brokenSessions = 0;
  let next = 0;

  /** Round-robin over the healthy nodes, skipping `except` (nodes that just refused this request). */
  const pick = (except: ReadonlySet<Backend> = new Set()): Backend | undefined => {
    for (let i = 0; i < backends.length; i++) {
      const candidate = backends[(next + i) % backends.length]!;
      if (candidate.healthy && !except.has(candidate)) {
        next = (next + i + 1) % backends.length;
        return candidate;
      }
    }
    return undefined;
  };

  /**
   * Takes a node out of the rotation for new clients. Its open WebSockets and polling sessions are left alone: a
   * node that is only slow (a failed health check on a busy machine) keeps serving them; a dead one's connections
   * close by themselves, and its sessions' next requests are refused (`forget`).
   */
  const markDown = (backend: Backend) => {
    backend.healthy = false;
  };
  /** The node refused a connection: it is gone, and so are its polling sessions. */
  const forget = (backend: Backend) => {
    markDown(backend);
    for (const [sid, entry] of sticky) if (entry.backend === backend) sticky.delete(sid);
  };

  const refused = (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET';

  const proxyRequest = (req: IncomingMessage, res: ServerResponse, tried: Set<Backend> = new Set()) => {
    const sid = sidOf(req.url);
    let backend: Backend | undefined;
    if (sid) {
      const entry = sticky.get(sid);
      if (!entry) {
        brokenSessions++;
        res.writeHead(502, { 'content-type': 'text/plain' }).end('session node unavailable');
        req.resume();
        return;
      }
      entry.seenAt = Date.now();
      backend = entry.backend;
    } else {
      backend = pick(tried);
    }
    if (!backend) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no healthy node');
      req.resume();
      return;
    }
    backend.routed++;
    const handshake = !sid && req.url?.startsWith(SOCKET_IO_PATH) && req.url.includes('transport=polling');
    const upstream = request(
      { host: backend.host, port: backend.port, method: req.method, path: req.url, headers: forwardedHeaders(req), agent: backend.agent },
      (answer) => {
        if (handshake && answer.statusCode === 200 && !answer.headers['content-encoding']) {
          // Small (a few hundred bytes): buffered to learn the sid, then sent on whole.
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(chunks);
            const newSid = sidFromHandshake(body.toString('utf8'));
            if (newSid) sticky.set(newSid, { backend: backend, seenAt: Date.now() });
            res.writeHead(answer.statusCode!, answer.headers).end(body);
          });
          answer.on('error', () => res.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (refused(error) && !res.headersSent) {
        forget(backend);
        // Only a request without a body or session can be sent again as it was.
        if (!sid && (req.method === 'GET' || req.method === 'HEAD') && tried.size + 1 < backends.length) {
          tried.add(backend);
          proxyRequest(req, res, tried);
          return;
        }
      }
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('node unavailable');
      else res.destroy();
    });
    req.pipe(upstream);
  };

  const proxyUpgrade = (req: IncomingMessage, client: Duplex, head: Buffer, tried: Set<Backend> = new Set()) => {
    const sid = sidOf(req.url);
    const backend = sid ? sticky.get(sid)?.backend : pick(tried);
    if (!backend) {
      if (sid) brokenSessions++;
      client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
      return;
    }
    backend.routed++;
    const upstream: Socket = connect(backend.port, backend.host);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      backend.sockets.add(client);
      backend.openSockets++;
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      const headers = forwardedHeaders(req);
      for (const [name, value] of Object.entries(headers)) {
        if (value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && refused(error)) {
        forget(backend);
        if (!sid && tried.size + 1 < backends.length) {
          tried.add(backend);
          proxyUpgrade(req, client, head, tried);
          return;
        }
      }
      client.destroy();
    });
    const closed = () => {
      if (backend.sockets.delete(client)) backend.openSockets--;
      upstream.destroy();
      client.destroy();
    };
    upstream.on('close', () => connected && closed());
    client.on('close', closed);
    client.on('error', closed);
  };

  const server: Server = createServer((req, res) => proxyRequest(req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => proxyUpgrade(req, socket, head));
  // A client that goes away mid-request must not take the balancer down.
  server.on('clientError', (_error, socket) => socket.destroy());

  // Out after FAILED_CHECKS failed checks in a row, back in after one good one. A refused connection takes a node
  // out at once (forget); a timeout alone may be a busy node, hence the tolerance.
  const failures = new Map<Backend, number>();
  const checkHealth = async (backend: Backend) => {
    const ok = await fetch(`${backend.url}/healthz`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) }).then(
      (answer) => answer.ok,
      () => false,
    );
    const failed = ok ? 0 : (failures.get(backend) ?? 0) + 1;
    failures.set(backend, failed);
    if (ok) backend.healthy = true;
    else if (failed >= FAILED_CHECKS) markDown(backend);
  };
  // One round of checks at a time: on a busy machine overlapping rounds would only pile up.
  let healthTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const healthRound = () =>
    void Promise.all(backends.map(checkHealth)).then(() => {
      if (!closed) healthTimer = setTimeout(healthRound, options.healthIntervalMs ?? 250).unref();
    });
  healthRound();

  // Forgets sessions that ended without their node going down, so the map does not grow for ever.
  const sweepTimer = setInterval(() => {
    const cutoff = Date.now() - STICKY_IDLE_MS;
    for (const [sid, entry] of sticky) if (entry.seenAt < cutoff) sticky.delete(sid);
  }, 10_000);
  sweepTimer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    backends,
    get stickySessions() {
      return sticky.size;
    },
    get brokenSessions() {
      return brokenSessions;
    },
    async close() {
      closed = true;
      clearTimeout(healthTimer);
      clearInterval(sweepTimer);
      for (const backend of backends) {
        for (const socket of backend.sockets) socket.destroy();
        backend.agent.destroy();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
