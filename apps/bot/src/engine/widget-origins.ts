import { z } from 'zod';

// Only the widget's part of bots.config; the engine validates its own part (engine/bot-config.ts).
const widgetSettings = z.object({ allowedOrigins: z.array(z.string()).default([]) }).catch({ allowedOrigins: [] });

/** Normalises an origin for comparison: scheme://host[:port], lower-cased, default ports dropped. */
function normalise(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether a widget on page `origin` may talk to this bot. An empty allowlist allows every origin (a new bot
 * works out of the box); once an owner lists origins, only those may embed the widget. A request with no Origin
 * header is not from a browser page, so there is no page to protect: servers and tests may connect.
 */
export function widgetOriginAllowed(botConfig: Record<string, unknown>, origin: string | undefined): boolean {
  const { allowedOrigins } = widgetSettings.parse(botConfig);
  if (allowedOrigins.length === 0 || origin === undefined) return true;
  const wanted = normalise(origin);
  return wanted !== undefined && allowedOrigins.some((allowed) => normalise(allowed) === wanted);
}
