import { decodeText, fetchResource, FetchSkip, type FetchedResource, type FetchLimits, type HopCheck } from './crawl-fetch.ts';
import { normalizeCrawlUrl, originOf } from './crawl-url.ts';
import { htmlLinks } from './html-to-markdown.ts';
import { DocumentParseError, parseDocument } from './parse-document.ts';
import { privateNetworkRefusal } from './private-network.ts';
import { RobotsRules } from './robots-rules.ts';
import { parseSitemap, SitemapError } from './sitemap.ts';

export type CrawlKind = 'page' | 'sitemap' | 'site';

export interface CrawlRequest {
  url: string;
  kind: CrawlKind;
  maxPages: number;
}

export interface CrawlOptions {
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** Largest page (or sitemap) read, in bytes; default 10 MB. */
  maxPageBytes?: number;
  /** Requests in flight at once; default 2, to be polite. */
  concurrency?: number;
  /** Stops the crawl: it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Read hosts on loopback and private networks too (tests, an intranet install); default false. */
  allowPrivateNetworks?: boolean;
}

export interface CrawledPage {
  /** Where it was read from, after redirects: one knowledge document per URL. */
  url: string;
  title: string;
  content: string;
  mediaType: 'text/markdown' | 'text/plain';
}

export interface SkippedPage {
  url: string;
  reason: string;
  /** A timeout, a network error or a server error: the page probably still exists, so keep what was indexed. */
  transient: boolean;
}

export interface CrawlResult {
  pages: CrawledPage[];
  skipped: SkippedPage[];
}

/** The start URL (or the sitemap) could not be read at all: the crawl failed, nothing is known about the pages. */
export class CrawlFailed extends Error {
  override readonly name = 'CrawlFailed';
}

export const PAGE_MEDIA_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'application/pdf'] as const;
const SITEMAP_MEDIA_TYPES = ['application/xml', 'text/xml', 'text/plain', ''];
/** Sitemap files one crawl reads at most (an index and what it lists), nested at most this deep. */
const MAX_SITEMAP_FILES = 50;
const MAX_SITEMAP_DEPTH = 3;

/** A redirect onto a page this crawl already read: an alias, not worth a request nor a line in `skipped`. */
const ALREADY_READ = 'redirects to a page already read';

const DEFAULTS = { timeoutMs: 15_000, maxPageBytes: 10 * 1024 * 1024, concurrency: 2 };

/**
 * Fetches a page, the pages a sitemap lists, or a site (breadth-first over its links, same origin), respecting
 * robots.txt for ParleyBot and reading only HTML, text, Markdown and PDF. Pages come back parsed for indexing;
 * every URL left out comes back in `skipped` with the reason. Throws CrawlFailed when the start cannot be read.
 */
export async function crawl(request: CrawlRequest, options: CrawlOptions = {}): Promise<CrawlResult> {
  const limits: FetchLimits = {
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxBytes: options.maxPageBytes ?? DEFAULTS.maxPageBytes,
    signal: options.signal,
  };
  const start = normalizeCrawlUrl(request.url);
  if (!start) throw new CrawlFailed(`${request.url} is not an http(s) URL`);
  const robots = new RobotsRules(limits);
  // Every request's host is checked (once per crawl) before robots.txt, itself a request to that host, is read.
  const networkChecks = new Map<string, Promise<string | undefined>>();
  const networkRefusal = (hop: string) => {
    const host = new URL(hop).host;
    let check = networkChecks.get(host);
    if (!check) networkChecks.set(host, (check = privateNetworkRefusal(hop)));
    return check;
  };
  const allowed = async (hop: string) => (options.allowPrivateNetworks ? undefined : await networkRefusal(hop)) ?? robots.refusal(hop);
  const skipped: SkippedPage[] = [];
  const skip = (url: string, reason: string, transient = false) => skipped.push({ url, reason, transient });

  let queue: string[];
  if (request.kind === 'sitemap') {
    queue = await sitemapPages(start, { allowed, limits, skip });
  } else queue = [start];

  // 'site' stays on the start page's origin, as it is after its own redirects (http → https, → www).
  let siteOrigin: string | undefined;
  const seen = new Set<string>(queue);
  const pageUrls = new Set<string>();
  const pages: CrawledPage[] = [];
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
  const inFlight = new Set<Promise<void>>();
  let first = true;

  const visit = async (url: string, isStart: boolean): Promise<void> => {
    let resource: FetchedResource;
    try {
      resource = await fetchResource(url, {
        ...limits,
        accept: PAGE_MEDIA_TYPES,
        acceptName: 'HTML, text, Markdown or PDF',
        checkHop: async (hop) => {
          if (hop !== url && pageUrls.has(normalizeCrawlUrl(hop) ?? hop)) return ALREADY_READ;
          if (request.kind === 'site' && siteOrigin !== undefined && originOf(hop) !== siteOrigin) return 'redirects to another site';
          return allowed(hop);
        },
      });
    } catch (error) {
      if (!(error instanceof FetchSkip)) throw error;
      if (error.message === ALREADY_READ) return;
      if (isStart && request.kind !== 'sitemap') throw new CrawlFailed(`${url}: ${error.message}`);
      skip(url, error.message, error.transient);
      return;
    }
    if (request.kind === 'site') siteOrigin ??= originOf(resource.url);
    const finalUrl = normalizeCrawlUrl(resource.url)!;
    // A redirect onto a page this crawl already read (or is reading): one document is enough.
    if (pageUrls.has(finalUrl)) return;
    pageUrls.add(finalUrl);
    seen.add(finalUrl);
    const mediaType = resource.mediaType === 'application/xhtml+xml' ? 'text/html' : resource.mediaType;
    const isPdf = mediaType === 'application/pdf';
    const text = isPdf ? undefined : decodeText(resource);
    try {
      const parsed = await parseDocument({
        mediaType,
        ...(isPdf ? { bytes: resource.bytes } : { content: text! }),
        filename: fileNameOf(finalUrl),
      });
      pages.push({ url: finalUrl, ...parsed });
    } catch (error) {
      if (!(error instanceof DocumentParseError)) throw error;
      skip(finalUrl, error.message);
    }
    if (request.kind === 'site' && mediaType === 'text/html') {
      for (const link of htmlLinks(text!, resource.url)) {
        const next = normalizeCrawlUrl(link);
        if (!next || seen.has(next) || originOf(next) !== siteOrigin) continue;
        seen.add(next);
        queue.push(next);
      }
    }
  };

  // Page limit: pages read plus requests in flight; a failed request does not use up the limit, but the
  // attempts are bounded too, so a site of broken links cannot keep the crawler busy forever.
  let attempts = 0;
  const maxAttempts = request.maxPages * 4;
  for (;;) {
    while (inFlight.size < concurrency && queue.length > 0 && pages.length + inFlight.size < request.maxPages && attempts < maxAttempts) {
      const url = queue.shift()!;
      if (pageUrls.has(url)) continue;
      // As the sitemaps protocol has it: a sitemap lists the pages of its own site.
      if (request.kind === 'sitemap' && originOf(url) !== originOf(start)) {
        skip(url, 'on another site than the sitemap');
        continue;
      }
      attempts++;
      const task: Promise<void> = visit(url, first).finally(() => inFlight.delete(task));
      first = false;
      inFlight.add(task);
      // The start page decides the site's origin before anything else is fetched.
      if (request.kind === 'site' && siteOrigin === undefined) break;
    }
    if (inFlight.size === 0) break;
    try {
      await Promise.race(inFlight);
    } catch (error) {
      // Nothing may be left running (or rejecting unheard) once the crawl has failed.
      await Promise.allSettled(inFlight);
      throw error;
    }
  }
  for (const url of queue) skip(url, `over the page limit (${request.maxPages})`);
  return { pages, skipped };
}

/** The last path segment, as the title of last resort ("manual.pdf"); the host name for a site's root. */
function fileNameOf(url: string): string {
  const { pathname, hostname } = new URL(url);
  const last = pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || hostname;
  } catch {
    return last || hostname;
  }
}

interface SitemapContext {
  allowed: HopCheck;
  limits: FetchLimits;
  skip: (url: string, reason: string, transient?: boolean) => void;
}

/** The pages a sitemap (or a sitemap index, followed into its sitemaps) lists, deduplicated, in order. */
async function sitemapPages(sitemapUrl: string, ctx: SitemapContext): Promise<string[]> {
  const pages = new Set<string>();
  const read = new Set<string>([sitemapUrl]);
  let level = [sitemapUrl];
  for (let depth = 0; depth < MAX_SITEMAP_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const url of level) {
      let entries;
      try {
        const resource = await fetchResource(url, {
          ...ctx.limits,
          accept: SITEMAP_MEDIA_TYPES,
          acceptName: 'an XML sitemap',
          checkHop: ctx.allowed,
        });
        entries = parseSitemap(decodeText(resource));
      } catch (error) {
        if (!(error instanceof FetchSkip) && !(error instanceof SitemapError)) throw error;
        const reason = error instanceof FetchSkip ? error.message : `not a sitemap: ${error.message}`;
        if (url === sitemapUrl) throw new CrawlFailed(`the sitemap ${url}: ${reason}`);
        ctx.skip(url, `sitemap: ${reason}`, error instanceof FetchSkip && error.transient);
        continue;
      }
      for (const page of entries.pages) {
        const normal = normalizeCrawlUrl(page);
        if (normal) pages.add(normal);
      }
      for (const sitemap of entries.sitemaps) {
        const normal = normalizeCrawlUrl(sitemap);
        if (!normal || read.has(normal)) continue;
        if (read.size >= MAX_SITEMAP_FILES) {
          ctx.skip(normal, `sitemap: more than ${MAX_SITEMAP_FILES} sitemap files`);
          continue;
        }
        read.add(normal);
        next.push(normal);
      }
    }
    level = next;
  }
  return [...pages];
}
