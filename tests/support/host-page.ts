import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  origin: string;
  /** The page with `<html lang>` set to `lang`. */
  url(lang?: string): string;
  close(): Promise<void>;
}

/**
 * A customer's site on an origin of its own, as hostile to an embedded widget as CSS gets (every element unset
 * and huge, every button hidden), under a strict CSP that allows nothing inline but its own nonced tags.
 */
export async function startHostPage(widget: { botUrl: () => string; botKey: () => string }): Promise<HostPage> {
  const server = createServer((req, res) => {
    const requested = new URL(req.url ?? '/', 'http://host');
    if (requested.pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    const lang = requested.searchParams.get('lang') ?? 'en';
    const nonce = randomBytes(16).toString('base64');
    const bot = new URL(widget.botUrl());
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': [
        "default-src 'none'",
        `script-src 'nonce-${nonce}'`,
        `style-src 'nonce-${nonce}'`,
        `connect-src ${bot.origin} ws://${bot.host}`,
      ].join('; '),
    });
    res.end(`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A shop</title>
<style nonce="${nonce}">
* { all: unset !important; font-size: 40px !important; color: #c00 !important; }
button { display: none !important; }
div { display: none !important; }
/* Still a page that fits a phone: \`all: unset\` would otherwise show the head's CSS as 40px text and widen the page. */
head, script { display: none !important; }
input { max-width: 80% !important; }
</style>
</head>
<body>
<h1>Welcome to the shop</h1>
<input id="search" placeholder="Search the shop">
<button id="page-button">A page button</button>
<script nonce="${nonce}" src="${bot.origin}/widget.js" data-bot="${widget.botKey()}"></script>
</body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (lang = 'en') => `${origin}/?lang=${encodeURIComponent(lang)}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
