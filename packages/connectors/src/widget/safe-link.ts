/**
 * The address a citation may link to, normalised, or undefined. Only absolute http(s) URLs: the protocol allows
 * nothing else, but the widget runs on customers' pages and does not bet them on every server (an older one, a
 * compromised one) or on localStorage, which the host page's scripts share, having checked it.
 */
export function httpUrl(raw: unknown): URL | undefined {
  if (typeof raw !== 'string' || raw.length > 2_000) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}
