import type { RequestHandler, Request } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { normalizeEmail } from '../auth/identifiers.ts';
import { memoryLimiters, type LimiterFactory } from '../cluster/limiter-factory.ts';
import { rateLimited } from './http-error.ts';

/** Default burst limit of one API key; the daily quota bounds the volume, this bounds the rate. */
export const API_KEY_REQUESTS_PER_SECOND = 20;

/** Login attempts per IP and email in LOGIN_WINDOW_SECONDS: slows password guessing without locking anyone out for long. */
export const LOGIN_ATTEMPTS = 10;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/** The TCP peer's address; proxy headers are trusted only if the app sets Express's `trust proxy`. */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

const retryAfterMs = (rejection: unknown): number =>
  rejection instanceof RateLimiterRes ? Math.max(1, Math.ceil(rejection.msBeforeNext)) : 1000;

/** Consumes one point for `key`, or throws a 429 with when to retry. Limiter failures other than a rejection propagate. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(message, retryAfterMs(rejection));
    throw rejection;
  }
}

/**
 * Every request under the API counts against its IP, whatever it asks for (unknown routes included). Limiters
 * from `limiters` count across nodes when the deployment has Redis (cluster/limiter-factory.ts).
 */
export function limitRequestsPerIp(perMinute: number, limiters: LimiterFactory = memoryLimiters): RequestHandler {
  const limiter = limiters.make({ name: 'ip-requests', points: perMinute, duration: 60 });
  return async (req, _res, next) => {
    await consumeOrRefuse(limiter, clientIp(req), 'too many requests from this address');
    next();
  };
}

export function apiKeyLimiter(perSecond: number, limiters: LimiterFactory = memoryLimiters): RateLimiterAbstract {
  return limiters.make({ name: 'api-key', points: perSecond, duration: 1 });
}

/**
 * Login attempts per IP and email. Each attempt costs a point and a success clears the count, so an operator who
 * mistypes a few times and then gets in starts afresh, while guessing one account's password is slowed to a crawl.
 */
export class LoginThrottle {
  readonly #limiter: RateLimiterAbstract;

  constructor(limiters: LimiterFactory = memoryLimiters) {
    this.#limiter = limiters.make({ name: 'login', points: LOGIN_ATTEMPTS, duration: LOGIN_WINDOW_SECONDS });
  }

  // The key a login looks the account up by, so no other spelling of the address starts a fresh count.
  #key = (ip: string, email: string) => `${ip}|${normalizeEmail(email)}`;

  attempt(ip: string, email: string): Promise<void> {
    return consumeOrRefuse(this.#limiter, this.#key(ip, email), 'too many login attempts; try again later');
  }

  async succeeded(ip: string, email: string): Promise<void> {
    await this.#limiter.delete(this.#key(ip, email));
  }
}
