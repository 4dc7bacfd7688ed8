import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DocumentParseError } from './document-parse-error.ts';

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js is large: loaded on the first PDF, not with the server. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((module) => {
    // Node has no Web Workers: pdf.js then runs its worker code in this thread, loaded from this module.
    module.GlobalWorkerOptions.workerSrc ||= import.meta.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return module;
  });
  return pdfjs;
}

export interface PdfText {
  /** The document's Title metadata, when it has one. */
  title: string | undefined;
  /** The text layer of every page in order, pages separated by a blank line. */
  text: string;
}

const PDF_MAGIC = '%PDF-';

/** Whether the bytes start like a PDF (the header may follow a little junk, as readers allow). */
export const looksLikePdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes(PDF_MAGIC);

/**
 * A PDF's text layer. pdf.js is kept to parsing: it compiles no fonts or functions with eval, fetches nothing
 * (the bytes are all it gets: no URL, no font or CMap or wasm files), and loads no web worker. `maxChars` stops
 * reading pages once that much text was read.
 */
export async function pdfText(bytes: Uint8Array, maxChars: number): Promise<PdfText> {
  if (!looksLikePdf(bytes)) throw new DocumentParseError('this file is not a PDF');
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // pdf.js transfers (detaches) the buffer it is given: a copy keeps the caller's bytes usable.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    verbosity: 0,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as { name?: string } | null)?.name;
    if (name === 'PasswordException') throw new DocumentParseError('this PDF is password-protected');
    throw new DocumentParseError(`this PDF cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= doc.numPages && length <= maxChars; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      page.cleanup();
      const trimmed = text.replace(/[ \t]+\n/g, '\n').trim();
      pages.push(trimmed);
      length += trimmed.length + 2;
    }
    const text = pages.filter((page) => page !== '').join('\n\n');
    if (!/\S/.test(text)) throw new DocumentParseError('this PDF has no text layer (scanned?): run it through OCR first');
    const metadata = await doc.getMetadata().catch(() => undefined);
    const rawTitle = (metadata?.info as { Title?: unknown } | undefined)?.Title;
    const title = typeof rawTitle === 'string' && rawTitle.trim() !== '' ? rawTitle.trim() : undefined;
    return { title, text };
  } finally {
    await doc.destroy();
  }
}
