import express, { type Router } from 'express';
import type { AnyRoute } from './api-route.ts';

const MB = 1024 * 1024;

/** "64 KB", "5 MB": a body limit as people read it. */
export const bodyLimitText = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${Math.round(bytes / 1024)} KB`);

/**
 * JSON parsers for the routes that accept more than the router-wide limit (file imports). Mounted before the
 * shared parser, which then skips the already-parsed body; a sub-router, so the route table registers each route
 * once (the OpenAPI test counts them).
 */
export function largeBodyParsers(routes: readonly AnyRoute[]): Router {
  const router = express.Router();
  for (const route of routes) if (route.bodyLimit) router[route.method](route.path, express.json({ limit: route.bodyLimit }));
  return router;
}
