import express, { type Router } from 'express';
import type { AppContext } from '../app/context.ts';
import type { RateLimits } from '../config/env.ts';
import { corsPolicyOf, type AnyRoute } from './api-route.ts';
import { corsByPath } from './cors-policies.ts';
import { apiErrorHandler, unknownRoute } from './error-handler.ts';
import { openApiDocument } from './openapi.ts';
import { API_KEY_REQUESTS_PER_SECOND, apiKeyLimiter, limitRequestsPerIp, LoginThrottle } from './rate-limit.ts';
import { authRoutes, type SecureCookies } from './routes/auth-routes.ts';
import { botRoutes } from './routes/bot-routes.ts';
import { channelRoutes } from './routes/channel-routes.ts';
import { classifyRoutes } from './routes/classify-routes.ts';
import { conversationRoutes } from './routes/conversation-routes.ts';
import { conversationTextRoutes } from './routes/conversation-text-routes.ts';
import { analyticsRoutes } from './routes/analytics-routes.ts';
import { domainRoutes } from './routes/domain-routes.ts';
import { llmRoutes } from './routes/llm-routes.ts';
import { knowledgeRoutes } from './routes/knowledge-routes.ts';
import { modelRoutes } from './routes/model-routes.ts';
import { openApiRoute } from './routes/openapi-route.ts';
import { operatorRoutes } from './routes/operator-routes.ts';
import { previewRoutes } from './routes/preview-routes.ts';
import { reviewRoutes } from './routes/review-routes.ts';
import { usageRoutes } from './routes/usage-routes.ts';
import { knowledgeSourceRoutes } from './routes/knowledge-source-routes.ts';
import { runRoute } from './run-route.ts';

export { apiErrorHandler } from './error-handler.ts';

export interface ApiRouterOptions {
  rateLimits: RateLimits;
  /** Origins allowed to call operator routes from a browser, with the session cookie (the console). */
  corsOrigins: string[];
  /** Mark the session cookie Secure: true, false, or `auto` (the default: when the request came over HTTPS). */
  secureCookies?: SecureCookies;
  /** The server's public base URL (PARLEY_PUBLIC_URL): absolute webhook URLs, Telegram webhooks registered. */
  publicUrl?: string | undefined;
  /**
   * Check every answer against its operation's response schema, failing with a 500 when one breaks the contract
   * (PARLEY_CHECK_RESPONSES). Default: on; production turns it off.
   */
  checkResponses?: boolean;
  /** Burst limit per API key; API_KEY_REQUESTS_PER_SECOND by default. */
  apiKeyRequestsPerSecond?: number;
}

/** Every route of the API, in mount order: the router and the OpenAPI document both come from this. */
export function apiRoutes(ctx: AppContext, options: ApiRouterOptions): AnyRoute[] {
  const routes: AnyRoute[] = [
    ...classifyRoutes(ctx),
    ...previewRoutes(ctx),
    ...usageRoutes(ctx),
    ...authRoutes(ctx, { throttle: new LoginThrottle(ctx.limiters), secureCookies: options.secureCookies ?? 'auto' }),
    ...conversationRoutes(ctx),
    ...botRoutes(ctx),
    ...channelRoutes(ctx, ctx.channels, { publicUrl: options.publicUrl }),
    ...operatorRoutes(ctx),
    ...domainRoutes(ctx),
    ...conversationTextRoutes(ctx),
    ...reviewRoutes(ctx),
    ...modelRoutes(ctx),
    ...analyticsRoutes(ctx),
    ...knowledgeSourceRoutes(ctx),
    ...llmRoutes(ctx),
    ...knowledgeRoutes(ctx),
  ];
  let document: ReturnType<typeof openApiDocument> | undefined;
  routes.push(openApiRoute(() => (document ??= openApiDocument(routes))));
  return routes;
}

/**
 * The REST API, to mount at /api/v1. Per request: CORS (by route: open for API-key routes and this document,
 * console origins for the rest), the per-IP limit, the route (auth, per-key limit, validation, handler), else a JSON
 * 404; every failure leaves through one error handler as `{ error: { code, message } }`.
 *
 * Bodies are read by each route after it has authenticated its caller (run-route.ts), so nothing in front of
 * the router may parse them. Mount apiErrorHandler(ctx) right after it as well
 * (`app.use('/api/v1', apiRouter(…), apiErrorHandler(ctx))`): a URL Express cannot decode fails before any
 * route, and only an error handler mounted beside the router answers that in JSON.
 */
export function apiRouter(ctx: AppContext, options: ApiRouterOptions): Router {
  const routes = apiRoutes(ctx, options);
  const openPaths = new Set(routes.filter((route) => corsPolicyOf(route) === 'open').map((route) => route.path));
  for (const path of openPaths)
    if (path.includes(':')) throw new Error(`open-CORS route ${path} has a parameter; corsByPath matches exact paths only`);
  const keyLimiter = apiKeyLimiter(options.apiKeyRequestsPerSecond ?? API_KEY_REQUESTS_PER_SECOND, ctx.limiters);

  const router = express.Router();
  router.use((_req, res, next) => {
    // Tokens, keys and per-caller data: nothing here may sit in a shared cache.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(corsByPath(openPaths, options.corsOrigins));
  router.use(limitRequestsPerIp(options.rateLimits.requestsPerIpPerMinute, ctx.limiters));
  for (const route of routes) router[route.method](route.path, runRoute(ctx, route, keyLimiter, options.checkResponses ?? true));
  router.use(unknownRoute);
  router.use(apiErrorHandler(ctx));
  return router;
}
