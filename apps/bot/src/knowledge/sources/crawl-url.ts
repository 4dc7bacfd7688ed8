/**
 * The form a crawled URL is compared and stored in: http(s) only, no fragment (the same page), host lowercased
 * and default port dropped (WHATWG URL does both). Undefined for anything else (mailto:, javascript:, …).
 */
export function normalizeCrawlUrl(url: string | URL, base?: string | URL): string | undefined {
  const parsed = URL.parse(String(url).trim(), base === undefined ? undefined : String(base));
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return undefined;
  if (parsed.username || parsed.password) return undefined;
  parsed.hash = '';
  // An empty query ('/faq?') is the same page as none; WHATWG URL keeps the '?' until search is set.
  if (parsed.search === '') parsed.search = '';
  return parsed.href;
}

export const originOf = (url: string): string => new URL(url).origin;
