import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { crawl, CrawlFailed, type CrawlResult } from '../src/knowledge/sources/crawl.ts';
import { htmlPage, LoopbackSite } from './support/loopback-site.ts';

const site = new LoopbackSite();
const elsewhere = new LoopbackSite();

async function manualPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Acme manual');
  const page = pdf.addPage([600, 800]);
  page.drawText('The blender has three speeds.', { x: 50, y: 700, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save();
}

before(async () => {
  await Promise.all([site.start(), elsewhere.start()]);
  elsewhere.set('/robots.txt', { type: 'text/plain', body: '' }).set('/faq', htmlPage('Elsewhere', ['Another site.']));
  site
    .set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n' })
    .set(
      '/',
      htmlPage(
        'Acme help',
        ['Welcome to the Acme help centre.'],
        [
          '/about',
          '/about#team',
          '/faq',
          '/old-faq',
          '/private/secret',
          '/logo.png',
          '/manual.pdf',
          '/missing',
          '/slow',
          '/away',
          `${elsewhere.origin}/faq`,
          'mailto:help@example.com',
          'javascript:void(0)',
        ],
      ),
    )
    .set('/about', htmlPage('About Acme', ['Acme makes kitchen appliances since 1990.'], ['/', '/faq?', '/deep']))
    .set('/faq', htmlPage('FAQ', ['Refunds take five business days.'], ['/']))
    .set('/deep', htmlPage('Deep page', ['Found only through /about.']))
    .set('/old-faq', { location: '/faq' })
    .set('/away', { status: 302, location: `${elsewhere.origin}/faq` })
    .set('/private/secret', htmlPage('Secret', ['Never crawl me.']))
    .set('/logo.png', { type: 'image/png', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) })
    .set('/manual.pdf', { type: 'application/pdf', body: await manualPdf() })
    .set('/slow', { delayMs: 5_000, body: htmlPage('Slow', ['Too slow.']) })
    .set('/big', { body: `<p>${'x'.repeat(20_000)}</p>` })
    .set('/notes.txt', { type: 'text/plain; charset=utf-8', body: 'Opening hours\nWe open at nine.' })
    .set('/sitemap.xml', { type: 'application/xml', body: sitemapIndex([site.url('/sitemap-pages.xml'), site.url('/sitemap-files.xml')]) })
    .set('/sitemap-pages.xml', { type: 'application/xml', body: urlset([site.url('/'), site.url('/about'), site.url('/private/secret')]) })
    .set('/sitemap-files.xml', {
      type: 'text/xml',
      body: urlset([site.url('/manual.pdf'), site.url('/notes.txt'), site.url('/missing'), `${elsewhere.origin}/faq`]),
    });
});
after(() => Promise.all([site.close(), elsewhere.close()]));

function sitemapIndex(urls: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((url) => `<sitemap><loc>${url}</loc></sitemap>`).join('')}</sitemapindex>`;
}

function urlset(urls: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((url) => `<url><loc>${url}</loc><lastmod>2026-01-01</lastmod></url>`).join('\n')}</urlset>`;
}

const FAST = { timeoutMs: 400, allowPrivateNetworks: true };
const paths = (result: CrawlResult) => result.pages.map((page) => new URL(page.url).pathname).sort();
const reasonOf = (result: CrawlResult, path: string) => result.skipped.find((skip) => skip.url === site.url(path));

test("'site' follows same-origin links breadth-first and skips what robots.txt, media types, errors and timeouts rule out", async () => {
  site.requests.length = 0;
  elsewhere.requests.length = 0;
  const result = await crawl({ url: site.url('/'), kind: 'site', maxPages: 50 }, FAST);

  assert.deepEqual(paths(result), ['/', '/about', '/deep', '/faq', '/manual.pdf']);
  const home = result.pages.find((page) => page.url === site.url('/'))!;
  assert.equal(home.title, 'Acme help');
  assert.equal(home.mediaType, 'text/markdown');
  assert.match(home.content, /Welcome to the Acme help centre\./);
  const manual = result.pages.find((page) => page.url.endsWith('/manual.pdf'))!;
  assert.equal(manual.title, 'Acme manual');
  assert.match(manual.content, /three speeds/);

  assert.equal(reasonOf(result, '/private/secret')?.reason, 'disallowed by robots.txt');
  assert.equal(reasonOf(result, '/logo.png')!.reason, 'not HTML, text, Markdown or PDF (image/png)');
  assert.deepEqual(reasonOf(result, '/missing'), { url: site.url('/missing'), reason: 'HTTP 404', transient: false });
  assert.match(reasonOf(result, '/slow')!.reason, /timed out after 400 ms/);
  assert.equal(reasonOf(result, '/slow')!.transient, true);
  assert.equal(reasonOf(result, '/away')?.reason, 'redirects to another site');
  assert.equal(result.skipped.length, 5, JSON.stringify(result.skipped));

  // Polite: robots.txt once, nothing disallowed fetched, the other site never touched, every request as ParleyBot.
  assert.equal(site.hits('/robots.txt'), 1);
  assert.equal(site.hits('/private/secret'), 0);
  assert.equal(elsewhere.requests.length, 0);
  assert.ok(site.requests.every((request) => request.userAgent.startsWith('ParleyBot/')));
  // Normalised and deduplicated: /about#team is /about, /faq? is /faq, and /old-faq redirects onto /faq (one page).
  assert.equal(site.hits('/about'), 1);
  assert.equal(site.hits('/faq?'), 0);
  assert.equal(site.hits('/old-faq'), 1);
});

test('the page limit stops the crawl; the links left over are reported as over the limit', async () => {
  const result = await crawl({ url: site.url('/'), kind: 'site', maxPages: 2 }, FAST);
  assert.equal(result.pages.length, 2);
  assert.deepEqual(paths(result), ['/', '/about']);
  const over = result.skipped.filter((skip) => skip.reason === 'over the page limit (2)');
  assert.ok(over.length >= 5, JSON.stringify(result.skipped));
  assert.ok(over.some((skip) => skip.url === site.url('/faq')));
});

test("'sitemap' reads a sitemap index and both its sitemaps; pages of another site are left out", async () => {
  elsewhere.requests.length = 0;
  const result = await crawl({ url: site.url('/sitemap.xml'), kind: 'sitemap', maxPages: 50 }, FAST);
  assert.deepEqual(paths(result), ['/', '/about', '/manual.pdf', '/notes.txt']);
  const notes = result.pages.find((page) => page.url.endsWith('/notes.txt'))!;
  assert.deepEqual(notes, {
    url: site.url('/notes.txt'),
    title: 'notes',
    content: 'Opening hours\nWe open at nine.',
    mediaType: 'text/plain',
  });
  assert.equal(reasonOf(result, '/private/secret')?.reason, 'disallowed by robots.txt');
  assert.equal(reasonOf(result, '/missing')?.reason, 'HTTP 404');
  assert.equal(result.skipped.find((skip) => skip.url === `${elsewhere.origin}/faq`)?.reason, 'on another site than the sitemap');
  assert.equal(elsewhere.requests.length, 0);
  // Links are not followed from sitemap pages.
  assert.equal(
    result.pages.some((page) => page.url.endsWith('/deep')),
    false,
  );
});

test("'page' fetches that page only, follows its redirects, and fails when the page cannot be read", async () => {
  const result = await crawl({ url: site.url('/old-faq#top'), kind: 'page', maxPages: 1 }, FAST);
  assert.deepEqual(
    result.pages.map((page) => page.url),
    [site.url('/faq')],
  );
  assert.deepEqual(result.skipped, []);
  await assert.rejects(crawl({ url: site.url('/missing'), kind: 'page', maxPages: 1 }, FAST), (error: unknown) => {
    assert.ok(error instanceof CrawlFailed);
    assert.match(error.message, /missing: HTTP 404/);
    return true;
  });
  await assert.rejects(crawl({ url: site.url('/private/secret'), kind: 'page', maxPages: 1 }, FAST), /disallowed by robots\.txt/);
  await assert.rejects(
    crawl({ url: site.url('/logo.png'), kind: 'sitemap', maxPages: 1 }, FAST),
    /the sitemap .*logo\.png: not an XML sitemap \(image\/png\)/,
  );
  await assert.rejects(crawl({ url: site.url('/about'), kind: 'sitemap', maxPages: 1 }, FAST), CrawlFailed);
  await assert.rejects(crawl({ url: site.url('/notes.txt'), kind: 'sitemap', maxPages: 1 }, FAST), /notes\.txt: not a sitemap: not XML/);
  site.set('/feed.xml', { type: 'application/xml', body: '<?xml version="1.0"?><rss><channel><title>News</title></channel></rss>' });
  await assert.rejects(
    crawl({ url: site.url('/feed.xml'), kind: 'sitemap', maxPages: 1 }, FAST),
    /not a sitemap: no <urlset> or <sitemapindex>/,
  );
});

test('a page over the size limit is refused, and HTML is no sitemap', async () => {
  const result = await crawl({ url: site.url('/big'), kind: 'sitemap', maxPages: 5 }, FAST).catch((error: unknown) => error);
  assert.ok(result instanceof CrawlFailed);
  await assert.rejects(crawl({ url: site.url('/big'), kind: 'page', maxPages: 1 }, { ...FAST, maxPageBytes: 10_000 }), /larger than 10 KB/);
});

test('a site whose robots.txt disallows ParleyBot is not crawled; a failing robots.txt stops the crawl', async () => {
  const closed = new LoopbackSite();
  await closed.start();
  try {
    closed
      .set('/robots.txt', { type: 'text/plain', body: 'User-agent: ParleyBot\nDisallow: /\n' })
      .set('/', htmlPage('Closed', ['No bots.']));
    await assert.rejects(crawl({ url: closed.url('/'), kind: 'site', maxPages: 5 }, FAST), /disallowed by robots\.txt/);
    closed.set('/robots.txt', { status: 503, body: 'down' });
    await assert.rejects(crawl({ url: `${closed.origin}/?again`, kind: 'site', maxPages: 5 }, FAST), /robots\.txt could not be read/);
    assert.equal(closed.hits('/'), 0);
    closed.pages.delete('/robots.txt');
    const open = await crawl({ url: closed.url('/'), kind: 'site', maxPages: 5 }, FAST);
    assert.deepEqual(paths(open), ['/']);
  } finally {
    await closed.close();
  }
});

test('an aborted crawl rejects with the reason and leaves nothing running', async () => {
  const controller = new AbortController();
  const crawling = crawl(
    { url: site.url('/slow'), kind: 'page', maxPages: 1 },
    { timeoutMs: 10_000, signal: controller.signal, allowPrivateNetworks: true },
  );
  setTimeout(() => controller.abort(new Error('stop now')), 100);
  await assert.rejects(crawling, /stop now/);
});

test('hosts on loopback and private networks are refused unless allowed: the API must not reach the server’s own network', async () => {
  const before = site.requests.length;
  for (const url of [
    site.url('/'),
    'http://localhost:9/',
    'http://10.1.2.3/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:9/',
  ]) {
    await assert.rejects(crawl({ url, kind: 'page', maxPages: 1 }, { timeoutMs: 400 }), /on a private network/, url);
  }
  await assert.rejects(crawl({ url: site.url('/sitemap.xml'), kind: 'sitemap', maxPages: 5 }, { timeoutMs: 400 }), /on a private network/);
  assert.equal(site.requests.length, before, 'not even robots.txt was requested');
});
