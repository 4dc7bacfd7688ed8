/**
 * The bench's HTTP clients, on node:http rather than fetch: each needs its own source address (below), and the
 * attackers must be stoppable mid-upload.
 *
 * Source addresses: the server limits requests per IP (PARLEY_RATE_IP_REQUESTS, 600 a minute by default) and the
 * bench leaves that default alone, as the probe found it. The attackers come from 127.0.0.1; the measuring
 * clients each come from an address of their own in 127.0.0.0/8 (all loopback on Linux), so an attack that uses
 * up its own address's budget cannot throttle them, and each phase's classify calls get a fresh budget.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export const SOURCE = { attackers: '127.0.0.1', idleClassify: '127.0.0.2', attackClassify: '127.0.0.3', healthz: '127.0.0.4' };

/** A status code, or what went wrong before one came: an error code such as ECONNRESET, or `timeout`. */
export type Outcome = { status: number | string; ms: number };

interface RequestSpec {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Buffer;
  agent: http.Agent;
  localAddress: string;
  timeoutMs: number;
}

/** One request, timed from its start to the end of the response body; never rejects. */
export function timedRequest(spec: RequestSpec, inFlight?: Set<http.ClientRequest>): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (status: number | string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      inFlight?.delete(req);
      resolve({ status, ms: performance.now() - started });
    };
    const req = http.request(
      spec.url,
      {
        method: spec.method,
        agent: spec.agent,
        localAddress: spec.localAddress,
        headers: { ...spec.headers, ...(spec.body && { 'content-length': String(spec.body.length) }) },
      },
      (res) => {
        res.resume();
        res.once('end', () => settle(res.statusCode ?? 'no status'));
        res.once('error', () => settle(res.statusCode ?? 'no status'));
      },
    );
    // A server that answers before reading the whole body may then reset the upload; the answer still counts.
    req.once('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'error'));
    const timer = setTimeout(() => {
      settle('timeout');
      req.destroy();
    }, spec.timeoutMs);
    inFlight?.add(req);
    req.end(spec.body);
  });
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

export const round = (x: number, digits = 1): number | null => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/** Counts outcomes by status, as a plain object for the JSON. */
export const countByStatus = (outcomes: readonly Outcome[]): Record<string, number> =>
  outcomes.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o.status]: (counts[o.status] ?? 0) + 1 }), {});

export interface Latencies {
  calls: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  byStatus: Record<string, number>;
}

/** Percentiles over every call, refused and timed-out ones included: that is what a client waited. */
export function latencies(outcomes: readonly Outcome[]): Latencies {
  const ms = outcomes.map((o) => o.ms);
  return {
    calls: outcomes.length,
    p50Ms: round(percentile(ms, 50)),
    p95Ms: round(percentile(ms, 95)),
    maxMs: round(Math.max(...ms)),
    byStatus: countByStatus(outcomes),
  };
}

/**
 * `calls` sequential classify calls with the API key, each started at least `everyMs` after the previous one,
 * stopping early at `until` (performance.now() time) if given.
 */
export async function classifyCalls(
  baseUrl: string,
  apiKey: string,
  options: { calls: number; everyMs: number; timeoutMs: number; localAddress: string; until?: number },
): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = Buffer.from(JSON.stringify({ texts: ['I want to cancel my order'] }));
  const outcomes: Outcome[] = [];
  try {
    for (let i = 0; i < options.calls && (options.until === undefined || performance.now() < options.until); i++) {
      const started = performance.now();
      outcomes.push(
        await timedRequest({
          url: `${baseUrl}/api/v1/classify`,
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body,
          agent,
          localAddress: options.localAddress,
          timeoutMs: options.timeoutMs,
        }),
      );
      await sleep(Math.max(0, options.everyMs - (performance.now() - started)));
    }
  } finally {
    agent.destroy();
  }
  return outcomes;
}

/** GET /healthz every `everyMs` until stopped, each outcome tagged with the phase it started in. */
export class HealthzSampler {
  phase = 'idle';
  readonly outcomes: Array<Outcome & { phase: string }> = [];
  #stopped = false;
  readonly #done: Promise<void>;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(baseUrl: string, everyMs: number, timeoutMs: number) {
    this.#done = (async () => {
      while (!this.#stopped) {
        const phase = this.phase;
        const started = performance.now();
        const outcome = await timedRequest({
          url: `${baseUrl}/healthz`,
          method: 'GET',
          agent: this.#agent,
          localAddress: SOURCE.healthz,
          timeoutMs,
        });
        this.outcomes.push({ ...outcome, phase });
        await sleep(Math.max(0, everyMs - (performance.now() - started)));
      }
    })();
  }

  of(phase: string): Latencies {
    return latencies(this.outcomes.filter((o) => o.phase === phase));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
    this.#agent.destroy();
  }
}

/** `[{},{},…,{}]` of at most `bytes` bytes: the largest body of empty objects the import route's limit lets through. */
export function emptyObjectsBody(bytes: number): Buffer {
  const items = Math.max(1, Math.floor((bytes - 4) / 3) + 1);
  return Buffer.from(`[${'{},'.repeat(items - 1)}{}]`);
}

/**
 * `count` anonymous clients, each in a loop: POST `body` to /api/v1/bots/<random uuid>/examples/import with no
 * credentials, wait for the answer, repeat. No pause between requests: the point is to keep the server busy.
 */
export class Attackers {
  readonly outcomes: Outcome[] = [];
  #stopped = false;
  readonly #inFlight = new Set<http.ClientRequest>();
  readonly #agent: http.Agent;
  readonly #loops: Promise<void>[];

  constructor(baseUrl: string, count: number, body: Buffer, timeoutMs: number) {
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: count });
    this.#loops = Array.from({ length: count }, async () => {
      while (!this.#stopped) {
        const outcome = await timedRequest(
          {
            url: `${baseUrl}/api/v1/bots/${randomUUID()}/examples/import`,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            agent: this.#agent,
            localAddress: SOURCE.attackers,
            timeoutMs,
          },
          this.#inFlight,
        );
        // Requests cut off by stop() are not the server's answers.
        if (!this.#stopped) this.outcomes.push(outcome);
        // A refused connection answers at once; without a pause that loop would spin.
        if (typeof outcome.status === 'string') await sleep(50);
      }
    });
  }

  /** Stops every loop, aborting uploads in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const req of this.#inFlight) req.destroy();
    await Promise.all(this.#loops);
    this.#agent.destroy();
  }
}
