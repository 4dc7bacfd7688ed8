import { XMLParser } from 'fast-xml-parser';

export interface SitemapEntries {
  /** Pages listed by a <urlset>. */
  pages: string[];
  /** Further sitemaps listed by a <sitemapindex>. */
  sitemaps: string[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Only the predefined XML entities: no DOCTYPE entity expansion from a stranger's file.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
  parseTagValue: false,
});

const locs = (entries: unknown): string[] =>
  Array.isArray(entries)
    ? entries
        .map((entry) => (entry as { loc?: unknown }).loc)
        .filter((loc): loc is string => typeof loc === 'string' && loc.trim() !== '')
        .map((loc) => loc.trim())
    : [];

/** A file that is not a sitemap: not XML, or XML without <urlset> or <sitemapindex>. */
export class SitemapError extends Error {
  override readonly name = 'SitemapError';
}

/** The URLs of a sitemap or sitemap index (sitemaps.org); throws SitemapError on anything else. */
export function parseSitemap(xml: string): SitemapEntries {
  let document: { urlset?: { url?: unknown }; sitemapindex?: { sitemap?: unknown } };
  try {
    document = parser.parse(xml, true) as typeof document;
  } catch (error) {
    throw new SitemapError(`not XML (${error instanceof Error ? error.message : String(error)})`);
  }
  if (document.urlset === undefined && document.sitemapindex === undefined) throw new SitemapError('no <urlset> or <sitemapindex> in it');
  return { pages: locs(document.urlset?.url), sitemaps: locs(document.sitemapindex?.sitemap) };
}
