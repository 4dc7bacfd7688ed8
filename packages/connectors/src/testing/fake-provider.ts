import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake received, parsed: `body` is the JSON (or form fields as an object), else the raw text. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
}

/** A message the bot sent through a fake, normalised across providers. */
export interface SentMessage {
  address: string;
  text: string;
  buttons: { label: string; value: string }[];
  /** The id the fake answered with. */
  providerMessageId?: string;
}

/**
 * Failures a fake can answer the next calls with, each in the provider's own shape: `rate_limit` (429 with the
 * provider's retry-after), `server_error` (5xx), `unauthorized` (the provider's bad-token answer), `bad_request` (the
 * provider's unknown-recipient answer); `network` drops the connection, `timeout` never answers.
 */
export type FakeFailure = 'rate_limit' | 'server_error' | 'unauthorized' | 'bad_request' | 'network' | 'timeout';
export type ProviderFailureKind = Exclude<FakeFailure, 'network' | 'timeout'>;

export interface FailureOptions {
  /** The retry-after a `rate_limit` announces, in seconds (default 1; cap it in tests with maxRetryAfterMs). */
  retryAfterSeconds?: number;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a string as text/plain. */
  body?: unknown;
}

export interface FakeProvider {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: RecordedRequest[];
  sent: SentMessage[];
  /** The next `count` requests get `failure` instead of being handled (they are still recorded in `requests`). */
  failNext(count: number, failure: FakeFailure, options?: FailureOptions): void;
  close(): Promise<void>;
}

export interface FakeProviderSpec {
  /** Answers a request that was not made to fail; calls `record` for each message delivered. */
  handle(request: RecordedRequest, record: (message: SentMessage) => void): FakeReply;
  /** The provider's own answer for an injected failure. */
  failure(kind: ProviderFailureKind, options: FailureOptions): FakeReply;
}

/** A real HTTP server on 127.0.0.1, port chosen by the OS, recording every request. */
export async function startFakeProvider(spec: FakeProviderSpec): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const sent: SentMessage[] = [];
  const failures: { failure: FakeFailure; options: FailureOptions }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        rawBody,
        body: parseBody(rawBody, req.headers['content-type']),
      };
      requests.push(recorded);
      const injected = failures.shift();
      if (injected?.failure === 'network') return void req.socket.destroy();
      if (injected?.failure === 'timeout') return;
      writeReply(res, injected ? spec.failure(injected.failure, injected.options) : spec.handle(recorded, (message) => sent.push(message)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    sent,
    failNext(count, failure, options = {}) {
      for (let i = 0; i < count; i += 1) failures.push({ failure, options });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function parseBody(rawBody: string, contentType: string | undefined): unknown {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(rawBody));
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
}

function writeReply(res: ServerResponse, { status, headers = {}, body }: FakeReply): void {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(text);
}

/** The Bearer token of an Authorization header, if any. */
export function bearerToken(request: RecordedRequest): string | undefined {
  return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
}

/** A JSON object's field, for fakes reading loosely typed request bodies. */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
