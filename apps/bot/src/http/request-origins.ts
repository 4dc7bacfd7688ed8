import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import { corsPolicyOf, type AnyRoute } from './api-route.ts';
import { forbidden } from './http-error.ts';

/** The configured console origins and the public URL's: whose pages may use the cookie besides the server's own. */
export const consoleOriginsOf = (corsOrigins: readonly string[], publicUrl: string | undefined): string[] => [
  ...corsOrigins,
  ...(publicUrl ? [new URL(publicUrl).origin] : []),
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Which pages may use an operator's session cookie: the server's own origin (the console it serves, or Vite's
 * proxy in development) and the configured console origins. SameSite=Strict stops other sites, but a page on
 * another port or subdomain of the same site is "same-site" and still gets the cookie, so the Origin header
 * decides. Browsers send Origin on every WebSocket handshake and every non-GET request; a request without one
 * is from a non-browser client, unless Fetch Metadata says a foreign page sent it.
 */
export class RequestOrigins {
  readonly #allowed: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.#allowed = new Set(allowedOrigins);
  }

  /** Whether a request with these headers may act with the operator's cookie. */
  trusted(headers: IncomingHttpHeaders): boolean {
    const { origin } = headers;
    if (origin === undefined) return !['cross-site', 'same-site'].includes(String(headers['sec-fetch-site']));
    if (this.#allowed.has(origin)) return true;
    try {
      return new URL(origin).host === headers.host;
    } catch {
      // "null" (sandboxed frames, file: pages) and junk.
      return false;
    }
  }

  /**
   * A 403 for a state-changing request from a foreign page to a route that takes the console's cookie (CSRF).
   * Requests with an Authorization header carry their own credential, which no foreign page can attach.
   */
  refuseForeignCookieRequest(route: AnyRoute, req: Request): void {
    if (corsPolicyOf(route) !== 'console' || SAFE_METHODS.has(req.method) || req.headers.authorization !== undefined) return;
    if (!this.trusted(req.headers)) throw forbidden('this page may not act for a logged-in operator (its origin is not allowed)');
  }
}
