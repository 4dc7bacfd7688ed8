import type { RequestHandler } from 'express';
import { ping } from '../db/database.ts';
import type { AppContext } from './context.ts';

/** A database that takes longer than this to answer a ping counts as down: a probe must answer quickly. */
const DATABASE_TIMEOUT_MS = 2000;

async function databaseAnswers(ctx: AppContext): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS)));
  const query = ping(ctx.db).then(
    () => true,
    (error: unknown) => {
      ctx.logger.warn({ err: error }, 'readiness: the database did not answer');
      return false;
    },
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /readyz: 200 when this server can serve (the database answers and the bots' models are loaded), else 503
 * with what is missing, so a load balancer stops sending it traffic. /healthz only says the process is alive.
 *
 * With several nodes it also reports `redis: "up" | "down"`, but Redis being down does not make a node unready:
 * every node shares the one Redis, so a 503 would take them all out of the load balancer at once, while each can
 * still answer its own customers (limits fall back to per-node memory, and rooms reach the sockets of this node).
 */
export function readinessRoute(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    const database = (await databaseAnswers(ctx)) ? 'up' : 'down';
    const models = ctx.models.loaded ? 'loaded' : 'loading';
    const ready = database === 'up' && models === 'loaded';
    const redis = ctx.cluster ? { redis: ctx.cluster.redisUp() ? 'up' : 'down' } : {};
    res.status(ready ? 200 : 503).json({ ok: ready, database, models, ...redis });
  };
}
