import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SitePage {
  /** Default 200. */
  status?: number;
  /** Content-Type; default text/html; charset=utf-8. */
  type?: string;
  body?: string | Uint8Array;
  /** A redirect target (with status 301 unless given). */
  location?: string;
  /** Wait this long before answering (a slow page). */
  delayMs?: number;
}

/**
 * A small website on loopback that a crawler can be pointed at: pages are set and removed while it runs, and
 * every request is logged (path and user agent). Start two for links and redirects to another site.
 */
export class LoopbackSite {
  readonly pages = new Map<string, SitePage>();
  readonly requests: { path: string; userAgent: string }[] = [];
  #server: Server | undefined;
  #port = 0;

  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  set(path: string, page: SitePage | string): this {
    this.pages.set(path, typeof page === 'string' ? { body: page } : page);
    return this;
  }

  /** How many times `path` (query included) was requested. */
  hits(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  async start(): Promise<this> {
    const timers = new Set<NodeJS.Timeout>();
    this.#server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.requests.push({ path, userAgent: req.headers['user-agent'] ?? '' });
      const page = this.pages.get(path) ?? this.pages.get(path.split('?')[0]!);
      const answer = () => {
        if (!page) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        if (page.location) {
          res.writeHead(page.status ?? 301, { location: page.location }).end();
          return;
        }
        res.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8' }).end(page.body ?? '');
      };
      if (!page?.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer();
      }, page.delayMs);
      timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

/** An HTML page with a title, some paragraphs and links. */
export const htmlPage = (title: string, paragraphs: string[], links: string[] = []): string =>
  `<!doctype html><html><head><title>${title}</title></head><body>
<nav>${links.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</nav>
<main><h1>${title}</h1>${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}</main>
<footer>Acme Ltd</footer></body></html>`;
