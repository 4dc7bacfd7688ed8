/**
 * The URL if it is an absolute http(s) link, else null. Citations end up as links in the widget and the console,
 * where a javascript: or data: URL from an imported document would run in the viewer's page.
 */
export function httpLinkOrNull(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}
