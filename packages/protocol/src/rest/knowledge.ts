import * as z from 'zod';
import { citationsSchema } from '../citations.ts';
import { idSchema } from '../primitives.ts';
import { botParamsSchema } from './bot-params.ts';
import { classifyTextSchema } from './classify.ts';
import { defineOperation } from './operation.ts';
import { timestampStringSchema, uuidSchema } from './primitives.ts';

// A bot's knowledge base: documents it answers from (uploaded, added through the API or crawled from a site),
// their chunks, crawl sources, and asking it a question through exactly the path the bot's turns take.

const TAG = 'Knowledge';
const noBot = 'No such bot in your workspace';

/** Largest upload: a PDF manual travels base64-encoded, a third bigger than the file. */
export const KNOWLEDGE_UPLOAD_LIMIT = 12 * 1024 * 1024;

export const knowledgeStatusSchema = z
  .enum(['queued', 'indexed', 'failed'])
  .meta({ description: 'queued: stored, not searchable yet · indexed: searchable · failed: see `error`' });

export const knowledgeSourceKindSchema = z.enum(['upload', 'url', 'api']);

export const knowledgeMediaTypeSchema = z.enum(['text/plain', 'text/markdown', 'text/html', 'application/pdf']).meta({
  description: 'How `content` (or `contentBase64`) is read: text as is, Markdown, HTML (its main text), or PDF (its text layer).',
});

export const knowledgeDocumentSchema = z
  .object({
    id: uuidSchema,
    botId: uuidSchema,
    title: z.string(),
    source: knowledgeSourceKindSchema,
    url: z.string().nullable(),
    mediaType: z.string(),
    status: knowledgeStatusSchema,
    error: z.string().nullable().meta({ description: 'Why indexing failed, for people' }),
    chunkCount: z.int().min(0),
    crawlSourceId: uuidSchema.nullable().meta({ description: 'The crawl source that fetched it; null for uploads and API documents' }),
    createdAt: timestampStringSchema,
    updatedAt: timestampStringSchema,
    indexedAt: timestampStringSchema.nullable(),
  })
  .meta({ id: 'KnowledgeDocument' });

const documentParamsSchema = botParamsSchema.extend({ documentId: idSchema.meta({ description: 'The document id (a UUID)' }) });
const sourceParamsSchema = botParamsSchema.extend({ sourceId: idSchema.meta({ description: 'The crawl source id (a UUID)' }) });

/**
 * A document to add or replace. Text formats travel in `content`; a PDF (or any file, when that is easier for
 * the sender) in `contentBase64`. Exactly one of the two.
 */
export const knowledgeDocumentBodySchema = z
  .strictObject({
    title: z.string().trim().min(1).max(500).optional().meta({
      description: "Shown in citations; default: the document's first heading (or the PDF's title), else `filename`",
    }),
    filename: z.string().trim().min(1).max(255).optional(),
    mediaType: knowledgeMediaTypeSchema,
    content: z.string().max(KNOWLEDGE_UPLOAD_LIMIT).optional(),
    contentBase64: z.base64().max(KNOWLEDGE_UPLOAD_LIMIT).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional()
      .meta({ description: 'Where customers can read the original; cited with the answer. One document per URL and bot.' }),
  })
  .refine((body) => (body.content === undefined) !== (body.contentBase64 === undefined), {
    message: 'send exactly one of `content` and `contentBase64`',
    path: ['content'],
  })
  .meta({ id: 'KnowledgeDocumentBody' });

export const knowledgeChunkSchema = z
  .object({
    id: z.int(),
    ordinal: z.int().min(0).meta({ description: "The chunk's place in its document, from 0" }),
    text: z.string(),
    language: z.enum(['en', 'zh']),
  })
  .meta({ id: 'KnowledgeChunk' });

export const crawlKindSchema = z
  .enum(['page', 'sitemap', 'site'])
  .meta({ description: 'page: that URL only · sitemap: the pages a sitemap.xml lists · site: links followed from the URL, same origin' });

export const crawlStatusSchema = z
  .enum(['queued', 'crawling', 'synced', 'failed'])
  .meta({ description: 'synced: the last crawl finished (pages that failed are listed on their documents)' });

/** Most pages one crawl source may fetch. */
export const MAX_CRAWL_PAGES = 1000;

export const knowledgeCrawlSourceSchema = z
  .object({
    id: uuidSchema,
    botId: uuidSchema,
    url: z.string(),
    kind: crawlKindSchema,
    maxPages: z.int().min(1).max(MAX_CRAWL_PAGES),
    resyncEveryHours: z.int().min(1).nullable().meta({ description: 'Re-crawled on this schedule; null: only on demand' }),
    status: crawlStatusSchema,
    error: z.string().nullable(),
    pagesFound: z.int().min(0).meta({ description: 'Pages the last crawl fetched' }),
    pagesSkipped: z
      .int()
      .min(0)
      .meta({ description: 'Pages the last crawl left out: robots.txt, not HTML or PDF, over the page limit, failed' }),
    lastSyncedAt: timestampStringSchema.nullable(),
    nextSyncAt: timestampStringSchema.nullable(),
    createdAt: timestampStringSchema,
  })
  .meta({ id: 'KnowledgeCrawlSource' });

export const knowledgeCrawlSourceBodySchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    kind: crawlKindSchema.default('page'),
    maxPages: z.int().min(1).max(MAX_CRAWL_PAGES).default(50),
    resyncEveryHours: z
      .int()
      .min(1)
      .max(24 * 90)
      .nullable()
      .default(null),
  })
  .meta({ id: 'KnowledgeCrawlSourceBody' });

const methodRankSchema = z.object({ rank: z.int().min(1), score: z.number() });

export const knowledgePassageSchema = z
  .object({
    chunkId: z.int(),
    documentId: uuidSchema,
    title: z.string(),
    url: z.string().nullable(),
    text: z.string(),
    language: z.enum(['en', 'zh']),
    score: z.number().meta({ description: 'The fused (reciprocal rank) score that orders the passages' }),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: 'How well it matches, comparable across questions; the answer threshold applies to it' }),
    dense: methodRankSchema.nullable().meta({ description: 'Where dense (embedding) search placed it; null: not in its top' }),
    lexical: methodRankSchema
      .extend({ method: z.enum(['fulltext', 'bigram']) })
      .nullable()
      .meta({ description: 'Where lexical search (English full text, Chinese bigrams) placed it' }),
  })
  .meta({ id: 'KnowledgePassage' });

export const knowledgeAnswerModeSchema = z
  .enum(['extractive', 'llm'])
  .meta({ description: "extractive: the best passage's sentences (no LLM) · llm: written by the bot's language model from the passages" });

/** A customer's question: any text the bot could be sent (not blank, at most a message's length). */
export const knowledgeQuestionSchema = classifyTextSchema;

export const askKnowledgeBodySchema = z
  .strictObject({
    question: knowledgeQuestionSchema,
    useLlm: z.boolean().default(true).meta({ description: 'false: the extractive answer even when the bot has a language model' }),
  })
  .meta({ id: 'AskKnowledgeBody' });

export const knowledgeLlmOutcomeSchema = z
  .object({
    model: z.string(),
    outcome: z.enum(['answered', 'not_in_sources', 'failed', 'skipped']).meta({
      description: 'skipped: nothing cleared the retrieval threshold, so the model was not asked',
    }),
    error: z.string().nullable(),
    inputTokens: z.int().min(0).nullable(),
    outputTokens: z.int().min(0).nullable(),
    firstTokenMs: z.number().min(0).nullable(),
  })
  .meta({ id: 'KnowledgeLlmOutcome' });

export const knowledgeAskResultSchema = z
  .object({
    question: z.string(),
    language: z.enum(['en', 'zh']),
    passages: z.array(knowledgePassageSchema).meta({ description: 'What retrieval found, best first' }),
    threshold: z.number().meta({ description: "The confidence the best passage needed for an answer, in the question's language" }),
    answer: z
      .object({ text: z.string(), mode: knowledgeAnswerModeSchema, citations: citationsSchema })
      .nullable()
      .meta({ description: 'null: the knowledge base does not answer this; the bot falls back or hands off' }),
    llm: knowledgeLlmOutcomeSchema.nullable().meta({ description: 'null when the bot has no language model or useLlm was false' }),
    latencyMs: z.number().min(0),
  })
  .meta({ id: 'KnowledgeAskResult' });

export const answerBodySchema = z.strictObject({ question: knowledgeQuestionSchema }).meta({ id: 'AnswerRequest' });

export const answerResponseSchema = z
  .object({
    answer: z.string().nullable().meta({ description: 'null when the knowledge base does not cover the question: nothing is invented' }),
    citations: citationsSchema,
    mode: knowledgeAnswerModeSchema.nullable(),
  })
  .meta({ id: 'AnswerResponse' });

export type KnowledgeDocumentInfo = z.infer<typeof knowledgeDocumentSchema>;
export type KnowledgeDocumentBody = z.input<typeof knowledgeDocumentBodySchema>;
export type KnowledgeChunkInfo = z.infer<typeof knowledgeChunkSchema>;
export type KnowledgeCrawlSource = z.infer<typeof knowledgeCrawlSourceSchema>;
export type KnowledgeCrawlSourceBody = z.input<typeof knowledgeCrawlSourceBodySchema>;
export type KnowledgePassageInfo = z.infer<typeof knowledgePassageSchema>;
export type KnowledgeAskResult = z.infer<typeof knowledgeAskResultSchema>;
export type KnowledgeAnswerMode = z.infer<typeof knowledgeAnswerModeSchema>;
export type AnswerResponse = z.infer<typeof answerResponseSchema>;

const documentResponse = (description: string) => ({ description, schema: z.object({ document: knowledgeDocumentSchema }) });

export const knowledgeOperations = {
  listKnowledgeDocuments: defineOperation({
    method: 'get',
    path: '/bots/:botId/knowledge/documents',
    operationId: 'listKnowledgeDocuments',
    summary: "The bot's knowledge documents with their status, newest first",
    tag: TAG,
    access: 'operator',
    params: botParamsSchema,
    responses: { 200: { description: 'Documents', schema: z.object({ documents: z.array(knowledgeDocumentSchema) }) } },
    errors: { 404: noBot },
  }),
  addKnowledgeDocument: defineOperation({
    method: 'post',
    path: '/bots/:botId/knowledge/documents',
    operationId: 'addKnowledgeDocument',
    summary: 'Add a document (text, Markdown, HTML or PDF) and index it; one with the same url is replaced',
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    body: knowledgeDocumentBodySchema,
    bodyLimit: KNOWLEDGE_UPLOAD_LIMIT,
    responses: { 201: documentResponse('Stored; `status` says whether it was indexed or why it failed') },
    errors: { 404: noBot },
  }),
  getKnowledgeDocument: defineOperation({
    method: 'get',
    path: '/bots/:botId/knowledge/documents/:documentId',
    operationId: 'getKnowledgeDocument',
    summary: 'One knowledge document and its status',
    tag: TAG,
    access: 'operator',
    params: documentParamsSchema,
    responses: { 200: documentResponse('The document') },
    errors: { 404: 'No such bot or document' },
  }),
  replaceKnowledgeDocument: defineOperation({
    method: 'put',
    path: '/bots/:botId/knowledge/documents/:documentId',
    operationId: 'replaceKnowledgeDocument',
    summary: "Replace a document's content; only a changed content is re-embedded",
    tag: TAG,
    access: 'admin',
    params: documentParamsSchema,
    body: knowledgeDocumentBodySchema,
    bodyLimit: KNOWLEDGE_UPLOAD_LIMIT,
    responses: { 200: documentResponse('Stored; `status` says whether it was indexed or why it failed') },
    errors: { 404: 'No such bot or document' },
  }),
  deleteKnowledgeDocument: defineOperation({
    method: 'delete',
    path: '/bots/:botId/knowledge/documents/:documentId',
    operationId: 'deleteKnowledgeDocument',
    summary: 'Delete a document and its chunks; the bot stops answering from it at once',
    tag: TAG,
    access: 'admin',
    params: documentParamsSchema,
    responses: { 204: { description: 'Deleted' } },
    errors: { 404: 'No such bot or document' },
  }),
  listKnowledgeChunks: defineOperation({
    method: 'get',
    path: '/bots/:botId/knowledge/documents/:documentId/chunks',
    operationId: 'listKnowledgeChunks',
    summary: 'The chunks a document was split into, in order: what retrieval searches',
    tag: TAG,
    access: 'operator',
    params: documentParamsSchema,
    responses: { 200: { description: 'Chunks', schema: z.object({ chunks: z.array(knowledgeChunkSchema) }) } },
    errors: { 404: 'No such bot or document' },
  }),
  listKnowledgeSources: defineOperation({
    method: 'get',
    path: '/bots/:botId/knowledge/sources',
    operationId: 'listKnowledgeSources',
    summary: "The bot's crawl sources (pages, sitemaps, sites) and their last crawl",
    tag: TAG,
    access: 'operator',
    params: botParamsSchema,
    responses: { 200: { description: 'Sources', schema: z.object({ sources: z.array(knowledgeCrawlSourceSchema) }) } },
    errors: { 404: noBot },
  }),
  addKnowledgeSource: defineOperation({
    method: 'post',
    path: '/bots/:botId/knowledge/sources',
    operationId: 'addKnowledgeSource',
    summary: 'Crawl a page, a sitemap or a site (respecting robots.txt) into the knowledge base, now and on a schedule',
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    body: knowledgeCrawlSourceBodySchema,
    responses: { 202: { description: 'Queued; its status follows the crawl', schema: z.object({ source: knowledgeCrawlSourceSchema }) } },
    errors: { 404: noBot, 409: 'The bot already crawls this URL' },
  }),
  syncKnowledgeSource: defineOperation({
    method: 'post',
    path: '/bots/:botId/knowledge/sources/:sourceId/sync',
    operationId: 'syncKnowledgeSource',
    summary: 'Re-crawl a source now; only pages whose content changed are re-embedded, pages gone are removed',
    tag: TAG,
    access: 'admin',
    params: sourceParamsSchema,
    responses: { 202: { description: 'Queued', schema: z.object({ source: knowledgeCrawlSourceSchema }) } },
    errors: { 404: 'No such bot or source', 409: 'A crawl of this source is already running' },
  }),
  deleteKnowledgeSource: defineOperation({
    method: 'delete',
    path: '/bots/:botId/knowledge/sources/:sourceId',
    operationId: 'deleteKnowledgeSource',
    summary: 'Stop crawling a source and delete the documents it fetched',
    tag: TAG,
    access: 'admin',
    params: sourceParamsSchema,
    responses: { 204: { description: 'Deleted' } },
    errors: { 404: 'No such bot or source' },
  }),
  askKnowledge: defineOperation({
    method: 'post',
    path: '/bots/:botId/knowledge/ask',
    operationId: 'askKnowledge',
    summary: "Ask the bot's knowledge base: the passages retrieval found with their scores, then the answer the bot would give",
    tag: TAG,
    access: 'operator',
    params: botParamsSchema,
    body: askKnowledgeBodySchema,
    responses: { 200: { description: 'Passages and answer', schema: knowledgeAskResultSchema } },
    errors: { 404: noBot },
  }),
  answer: defineOperation({
    method: 'post',
    path: '/answer',
    operationId: 'answer',
    summary: "Answer a question from the key's bot's knowledge base, with citations; metered",
    tag: TAG,
    access: 'apiKey',
    body: answerBodySchema,
    responses: { 200: { description: 'The answer, or null when the knowledge base does not cover it', schema: answerResponseSchema } },
    errors: { 429: 'The daily quota of calls or tokens is spent' },
  }),
};
