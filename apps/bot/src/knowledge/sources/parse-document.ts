import { MAX_DOCUMENT_CHARS } from '../knowledge-document-input.ts';
import { DocumentParseError } from './document-parse-error.ts';
import { htmlToMarkdown } from './html-to-markdown.ts';
import { pdfText } from './pdf-text.ts';

export { DocumentParseError } from './document-parse-error.ts';

/** Largest file read: a long PDF manual; its text must still fit MAX_DOCUMENT_CHARS. */
export const MAX_DOCUMENT_BYTES = 12 * 1024 * 1024;

export const PARSEABLE_MEDIA_TYPES = ['text/plain', 'text/markdown', 'text/html', 'application/pdf'] as const;
export type ParseableMediaType = (typeof PARSEABLE_MEDIA_TYPES)[number];

export interface DocumentToParse {
  /** text/plain, text/markdown, text/html or application/pdf (parameters such as `; charset=utf-8` are ignored). */
  mediaType: string;
  /** Text formats as a string… */
  content?: string;
  /** …or any format as bytes (a PDF always); text is read as UTF-8. */
  bytes?: Uint8Array;
  /** The uploaded file's name: the title of last resort. */
  filename?: string;
  /** A title chosen by the sender: wins over anything found in the document. */
  title?: string;
}

export interface ParsedDocument {
  title: string;
  /** Markdown (from Markdown and HTML) or plain text (from text and PDF). */
  content: string;
  /** What `content` is now, which decides how it is chunked: text/markdown or text/plain. */
  mediaType: 'text/markdown' | 'text/plain';
}

const TITLE_CHARS = 200;

const baseMediaType = (mediaType: string): string => mediaType.split(';')[0]!.trim().toLowerCase();

const clip = (text: string): string => (text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1).trimEnd()}…` : text);

const nameWithoutExtension = (filename: string | undefined): string | undefined =>
  filename
    ?.trim()
    .replace(/^.*[\\/]/, '')
    .replace(/\.[a-z0-9]{1,8}$/i, '')
    .trim() || undefined;

const firstLine = (text: string): string | undefined =>
  text
    .split('\n')
    .map((line) => line.replace(/^[#>*\-\s]+/, '').trim())
    .find((line) => line !== '');

const firstMarkdownHeading = (markdown: string): string | undefined =>
  markdown.match(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/m)?.[1]?.trim() || undefined;

function readText(doc: DocumentToParse): string {
  if (doc.content !== undefined && doc.bytes !== undefined) throw new DocumentParseError('send the document as text or as bytes, not both');
  if (doc.bytes !== undefined) {
    if (doc.bytes.byteLength > MAX_DOCUMENT_BYTES) throw tooBig();
    // A UTF-8 byte order mark is not text.
    return new TextDecoder('utf-8', { ignoreBOM: false }).decode(doc.bytes);
  }
  if (doc.content === undefined) throw new DocumentParseError('the document has no content');
  return doc.content;
}

const tooBig = () =>
  new DocumentParseError(
    `the document is too big: at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB and ${MAX_DOCUMENT_CHARS.toLocaleString('en')} characters of text`,
  );

/**
 * Reads an uploaded or fetched document into the text the knowledge base indexes, with a title for citations.
 * Throws DocumentParseError (a message for people) on anything it cannot read.
 */
export async function parseDocument(doc: DocumentToParse): Promise<ParsedDocument> {
  const mediaType = baseMediaType(doc.mediaType);
  const given = doc.title?.trim() || undefined;
  const fromName = nameWithoutExtension(doc.filename);
  let parsed: { title: string | undefined; content: string; mediaType: ParsedDocument['mediaType'] };
  switch (mediaType) {
    case 'application/pdf': {
      if (doc.bytes === undefined) throw new DocumentParseError('a PDF must be sent as bytes (contentBase64), not as text');
      if (doc.bytes.byteLength === 0) throw new DocumentParseError('the document is empty');
      if (doc.bytes.byteLength > MAX_DOCUMENT_BYTES) throw tooBig();
      const pdf = await pdfText(doc.bytes, MAX_DOCUMENT_CHARS);
      parsed = { title: pdf.title ?? firstLine(pdf.text), content: pdf.text, mediaType: 'text/plain' };
      break;
    }
    case 'text/html': {
      const html = readText(doc);
      if (html.length > MAX_DOCUMENT_CHARS * 4) throw tooBig();
      const page = htmlToMarkdown(html);
      parsed = { title: page.title ?? firstMarkdownHeading(page.markdown), content: page.markdown, mediaType: 'text/markdown' };
      break;
    }
    case 'text/markdown': {
      const markdown = readText(doc).trim();
      parsed = { title: firstMarkdownHeading(markdown), content: markdown, mediaType: 'text/markdown' };
      break;
    }
    case 'text/plain': {
      const text = readText(doc).trim();
      parsed = { title: undefined, content: text, mediaType: 'text/plain' };
      break;
    }
    default:
      throw new DocumentParseError(`cannot read ${mediaType || 'a document without a media type'}: send text, Markdown, HTML or PDF`);
  }
  const content = parsed.content.replace(/\r\n?/g, '\n').replaceAll('\u0000', '');
  if (!/\S/.test(content)) throw new DocumentParseError(mediaType === 'text/html' ? 'the page has no main text' : 'the document is empty');
  if (content.length > MAX_DOCUMENT_CHARS) throw tooBig();
  const title = clip(given ?? parsed.title ?? fromName ?? firstLine(content) ?? 'Untitled document');
  return { title, content, mediaType: parsed.mediaType };
}
