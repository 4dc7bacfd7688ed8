import { NodeHtmlMarkdown, type TranslatorConfigObject } from 'node-html-markdown';

/** Page furniture and interactive parts: not what a customer's question is answered from. */
const NOT_MAIN_TEXT = [
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
  'iframe',
  'svg',
  'canvas',
  'dialog',
];

export interface HtmlText {
  /** The <title>, else the first heading; undefined when the page has neither. */
  title: string | undefined;
  /** The main text as Markdown: headings kept, links reduced to their text, images dropped. */
  markdown: string;
}

const firstHeading = (markdown: string): string | undefined => markdown.match(/^#{1,6}[ \t]+(.+?)[ \t#]*$/m)?.[1]?.trim() || undefined;

const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** An HTML page's main text as Markdown, and its title. */
export function htmlToMarkdown(html: string): HtmlText {
  let title: string | undefined;
  const translators: TranslatorConfigObject = {
    // <head> is skipped by default; opened only so that its <title> is seen (its other children stay ignored).
    head: () => ({ ignore: false, recurse: true }),
    title: ({ node }) => {
      title ??= squeeze(node.textContent) || undefined;
      return { ignore: true };
    },
    // Link targets would only add noise to the passages (and their embeddings); the crawler reads them itself.
    a: { postprocess: ({ content }) => content.replace(/\s+/g, ' ') },
    img: { ignore: true },
  };
  const markdown = NodeHtmlMarkdown.translate(html, { ignore: NOT_MAIN_TEXT, maxConsecutiveNewlines: 2 }, translators);
  return { title: title ?? firstHeading(markdown), markdown: markdown.trim() };
}

/**
 * The links of an HTML page, resolved against its URL (or its <base href>), as written: navigation included,
 * since that is how a site's pages are found. Links marked rel=nofollow are left out.
 */
export function htmlLinks(html: string, pageUrl: string): URL[] {
  const hrefs: string[] = [];
  let base = pageUrl;
  NodeHtmlMarkdown.translate(
    html,
    { ignore: ['script', 'style', 'noscript', 'template', 'svg'] },
    {
      head: () => ({ ignore: false, recurse: true }),
      base: ({ node }) => {
        const href = node.getAttribute('href');
        if (href && URL.canParse(href, pageUrl)) base = new URL(href, pageUrl).href;
        return { ignore: true };
      },
      a: ({ node }) => {
        const href = node.getAttribute('href');
        if (href && !/\bnofollow\b/i.test(node.getAttribute('rel') ?? '')) hrefs.push(href);
        return {};
      },
    },
  );
  const links: URL[] = [];
  for (const href of hrefs) if (URL.canParse(href.trim(), base)) links.push(new URL(href.trim(), base));
  return links;
}
