import type { Citation } from '@parley/protocol';

/**
 * The address a citation may link to: absolute http(s) only. The server validates this too, but a console that
 * renders whatever it is given would turn a `javascript:` URL from an older or compromised server into a script.
 */
export function citationHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** "[1] Title — https://…", one line per source, for a reply the customer reads as plain text. */
export function citationLines(citations: readonly Pick<Citation, 'number' | 'title' | 'url'>[]): string[] {
  return citations.map(({ number, title, url }) => {
    const href = citationHref(url);
    return href ? `[${number}] ${title} — ${href}` : `[${number}] ${title}`;
  });
}
