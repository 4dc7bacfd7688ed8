import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

/** apps/console/dist: where `npm run bundle -w @parley/console` (and its `build`) writes the production build. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

/**
 * `/console`: the operator console's production build. Hashed assets are cached for good; every other path under
 * /console gets index.html, so a reload on a client-side route (/console/models) still opens the app. When the
 * build is missing the route says how to make it instead of answering a bare 404.
 */
export function consoleRoute(dir: string = DEFAULT_CONSOLE_DIR): express.Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use('/console/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d' }));
  router.use('/console', express.static(dir, { index: false, maxAge: 0 }));
  router.get('/console{/*rest}', (req, res, next) => {
    // A missing asset is a 404, not the app: a stale page asking for an old hash must fail visibly.
    if (req.path.startsWith('/console/assets/')) return next();
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          'The operator console is not built yet. Run `npm run bundle -w @parley/console`, or start with `npm start`, which builds it.',
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
