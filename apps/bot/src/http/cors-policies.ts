import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Two CORS policies. API-key routes are called from anywhere with a bearer key and never with cookies, so any
 * origin may call them and credentials stay off. Operator routes (login included, which sets the cookie) carry
 * the console's session cookie, so only the configured console origins may call them from a browser, with
 * credentials; same-origin requests need no CORS at all. `openPaths` come from the route table (api-router.ts).
 */
export function corsByPath(openPaths: ReadonlySet<string>, consoleOrigins: readonly string[]): RequestHandler {
  const open = cors({ origin: '*', credentials: false, maxAge: 600 });
  const console = cors({ origin: [...consoleOrigins], credentials: true, maxAge: 600 });
  // Express routes ignore case and a trailing slash by default, so the lookup does too.
  const routePath = (path: string) => path.toLowerCase().replace(/(.)\/+$/, '$1');
  return (req, res, next) => (openPaths.has(routePath(req.path)) ? open : console)(req, res, next);
}
