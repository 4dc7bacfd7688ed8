import type { Citation } from '@parley/protocol';
import { el } from './dom.ts';
import { httpUrl } from './safe-link.ts';
import type { WidgetStrings } from './strings.ts';

/** Titles longer than this are clamped to two lines by CSS; the full title stays in the link's name and tooltip. */
const LONG_TITLE = 60;
let lists = 0;

/**
 * The "Sources" under a knowledge answer: one item per citation, numbered as the answer's "[n]" markers, a link
 * (new tab, no opener, no referrer) when it has a safe http(s) URL and plain text otherwise. Undefined when there
 * is nothing to list. Built from text nodes only; `citations` may come from localStorage, so each is checked.
 */
export function citationList(citations: readonly Citation[] | undefined, strings: WidgetStrings): HTMLElement | undefined {
  const items = (citations ?? []).filter((c) => typeof c?.title === 'string' && c.title !== '' && Number.isSafeInteger(c.number));
  if (!items.length) return undefined;
  const labelId = `parley-sources-${++lists}`;
  const list = el('ol', { class: 'sources-list', 'aria-labelledby': labelId });
  for (const { number, title, url } of items) {
    const href = httpUrl(url);
    const marker = el('span', { class: 'source-number' }, `[${number}]`);
    if (!href) {
      list.append(el('li', {}, marker, ' ', el('span', { class: 'source-title' }, title)));
      continue;
    }
    const link = el(
      'a',
      {
        class: 'source-title',
        href: href.href,
        target: '_blank',
        rel: 'noopener noreferrer',
        ...(title.length > LONG_TITLE ? { title } : {}),
      },
      title,
      el('span', { class: 'sr' }, ` ${strings.opensInNewTab}`),
    );
    // The host says where the link goes before it is followed, whatever the title claims.
    list.append(el('li', {}, marker, ' ', link, ' ', el('span', { class: 'source-host' }, href.hostname)));
  }
  return el('div', { class: 'sources' }, el('span', { class: 'sources-label', id: labelId }, strings.sources), list);
}
