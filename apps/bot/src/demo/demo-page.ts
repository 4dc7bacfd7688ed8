import { randomBytes } from 'node:crypto';
import express from 'express';
import { demoPageHtml } from './demo-page-html.ts';

/**
 * The page's own Content-Security-Policy. helmet's global default would block its inline script and style, so
 * this route replaces it: nothing but the nonced widget script and page style, and connections back to this origin. The
 * widget's own styles are constructed stylesheets inside its shadow root, which style-src does not govern.
 */
export function demoPageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `GET /`: a page that embeds the widget (served by the app at /widget.js) for the demo bot. */
export function demoPage(info: { publicKey: string }): express.Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('Content-Security-Policy', demoPageCsp(nonce));
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(demoPageHtml({ publicKey: info.publicKey, nonce }));
  });
  return router;
}
