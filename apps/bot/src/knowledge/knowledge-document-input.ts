import { z } from 'zod';

/** Largest document accepted: ~2 MB of text is a long manual, and keeps one document's embedding bounded. */
export const MAX_DOCUMENT_CHARS = 2_000_000;

/** A document to add or update, as any caller (upload, URL fetch, API) hands it to the pipeline. */
export const knowledgeDocumentInputSchema = z
  .object({
    /** Updates this document when given; otherwise the bot's document with the same url, or a new one. */
    id: z.uuid().optional(),
    title: z.string().trim().min(1).max(500),
    source: z.enum(['upload', 'url', 'api']),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullish(),
    mediaType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as text/markdown')
      .default('text/plain'),
    content: z.string().max(MAX_DOCUMENT_CHARS),
    /** The crawl source that fetched it; absent for uploads and API documents (which detach a crawled one). */
    crawlSourceId: z.uuid().nullish(),
  })
  .refine((doc) => doc.source !== 'url' || doc.url, { message: "a document from source 'url' needs its url", path: ['url'] });

export type KnowledgeDocumentInput = z.input<typeof knowledgeDocumentInputSchema>;
export type ParsedKnowledgeDocument = z.output<typeof knowledgeDocumentInputSchema>;
