import { KNOWLEDGE_UPLOAD_LIMIT, type KnowledgeDocumentBody } from '@parley/protocol';

type MediaType = KnowledgeDocumentBody['mediaType'];

/** By extension rather than the browser's `File.type`, which is empty for Markdown on most systems. */
const MEDIA_TYPES: Record<string, MediaType> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  text: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  pdf: 'application/pdf',
};

/** For the file picker's `accept`. */
export const ACCEPTED_FILES = '.md,.markdown,.txt,.html,.htm,.pdf';

export function mediaTypeOf(filename: string): MediaType | null {
  const extension = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase();
  return (extension && MEDIA_TYPES[extension]) || null;
}

/** Base64 of any size: spreading a large array into String.fromCharCode overflows the stack, so it goes in slices. */
export function bytesToBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE) binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  return btoa(binary);
}

/** A file the server cannot take, said before it is sent. */
export class UnsupportedFileError extends Error {
  override name = 'UnsupportedFileError';
}

/**
 * The request body that adds `file` to the knowledge base: text formats as `content`, a PDF as `contentBase64`.
 * No title: the server takes the document's first heading (or the PDF's title), else the file name.
 */
export async function uploadBody(file: Pick<File, 'name' | 'size' | 'text' | 'arrayBuffer'>): Promise<KnowledgeDocumentBody> {
  const mediaType = mediaTypeOf(file.name);
  if (!mediaType) throw new UnsupportedFileError(`${file.name}: only .md, .txt, .html and .pdf files can be added.`);
  const filename = file.name.slice(0, 255);
  if (mediaType === 'application/pdf') {
    // Base64 is a third bigger than the file, and the server's limit is on what travels.
    if (Math.ceil(file.size / 3) * 4 > KNOWLEDGE_UPLOAD_LIMIT) throw tooLarge(file.name);
    return { filename, mediaType, contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
  }
  const content = await file.text();
  if (content.length > KNOWLEDGE_UPLOAD_LIMIT) throw tooLarge(file.name);
  if (!content.trim()) throw new UnsupportedFileError(`${file.name} is empty.`);
  return { filename, mediaType, content };
}

const tooLarge = (name: string) =>
  new UnsupportedFileError(
    `${name} is too large: at most ${Math.floor(((KNOWLEDGE_UPLOAD_LIMIT / 4) * 3) / (1024 * 1024))} MB of PDF or ${KNOWLEDGE_UPLOAD_LIMIT / (1024 * 1024)} MB of text.`,
  );
