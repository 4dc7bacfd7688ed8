import express from 'express';
import { buildWidgetBundle } from '@parley/connectors';

/**
 * `GET /widget.js`: the embeddable widget, bundled in memory on the first request. Customers' pages load it from
 * another origin, so it is marked cross-origin (helmet's default `same-origin` would make browsers refuse it).
 * The URL carries no version, so caches keep it briefly and then revalidate by ETag.
 */
export function widgetRoute(): express.Router {
  const router = express.Router();
  router.get('/widget.js', async (req, res) => {
    const bundle = await buildWidgetBundle();
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'public, max-age=300, stale-while-revalidate=3600');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', gzip ? bundle.gzipEtag : bundle.etag);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.send(gzip ? bundle.gzipped : bundle.code);
  });
  return router;
}
