import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers, by the scheme the request came over (`req.secure`, which honours trust proxy). Over HTTPS,
 * all of them. Over plain HTTP, none that only HTTPS can honour: HSTS there is ignored by browsers at best, and
 * CSP's upgrade-insecure-requests makes them fetch the console's own scripts over an HTTPS that does not exist,
 * which blanks it on any host but localhost.
 */
export function securityHeaders(): RequestHandler {
  const overHttps = helmet();
  const overHttp = helmet({ hsts: false, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  return (req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
}
