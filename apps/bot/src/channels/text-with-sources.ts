import type { Citation } from '@parley/protocol';

/**
 * A knowledge answer's text for channels that show plain text only (Telegram, Slack, WhatsApp, webhooks): its
 * sources listed under it as "[1] Title: https://…", the way the widget lists them as links. Titles and links
 * come from the owner's documents, and the channels render them as text, so nothing in them can run.
 */
export function textWithSources(text: string, citations: readonly Citation[] | undefined): string {
  if (!citations?.length) return text;
  const lines = citations.map((c) => `[${c.number}] ${c.title}${c.url ? `: ${c.url}` : ''}`);
  return `${text}\n\n${lines.join('\n')}`;
}
