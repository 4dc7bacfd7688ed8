import express from 'express';

// A speech bubble in the console's accent colour. SVG, because every browser that runs the console renders SVG
// icons, whatever the path: one 300-byte file instead of a binary .ico in the repository.
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#2563eb" d="M6 4h20a4 4 0 0 1 4 4v12a4 4 0 0 1-4 4H13l-7 6v-6a4 4 0 0 1-4-4V8a4 4 0 0 1 4-4z"/><circle cx="11" cy="14" r="2" fill="#fff"/><circle cx="16" cy="14" r="2" fill="#fff"/><circle cx="21" cy="14" r="2" fill="#fff"/></svg>`;

/** `GET /favicon.ico` and `/favicon.svg`: browsers ask for the first on every page, and a 404 is noise in every console. */
export function faviconRoute(): express.Router {
  const router = express.Router();
  router.get(['/favicon.ico', '/favicon.svg'], (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').send(ICON);
  });
  return router;
}
