import {
  restOperations,
  type KnowledgeAskResult,
  type KnowledgeDocumentBody,
  type KnowledgeDocumentInfo,
  type KnowledgePassageInfo,
} from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { ActionError, notFound } from '../../conversation/action-error.ts';
import { answerFromKnowledge, type KnowledgeAnswering } from '../../conversation/knowledge-answer.ts';
import { findKnowledgeDocument, listKnowledgeChunks, listKnowledgeDocuments, type KnowledgeDocument } from '../../db/knowledge-store.ts';
import { isUuid } from '../../db/uuid.ts';
import type { KnowledgePassage } from '../../knowledge/knowledge-passage.ts';
import { DocumentParseError } from '../../knowledge/sources/document-parse-error.ts';
import { parseDocument } from '../../knowledge/sources/parse-document.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { requireTokenQuota } from '../token-quota.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { chargeCall } from './classify-routes.ts';

export const toDocumentInfo = (doc: KnowledgeDocument): KnowledgeDocumentInfo => ({
  id: doc.id,
  botId: doc.botId,
  title: doc.title,
  source: doc.source,
  url: doc.url,
  mediaType: doc.mediaType,
  status: doc.status,
  error: doc.error,
  chunkCount: doc.chunkCount,
  crawlSourceId: doc.crawlSourceId,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
  indexedAt: doc.indexedAt,
});

const toPassageInfo = (passage: KnowledgePassage): KnowledgePassageInfo => ({ ...passage });

export const toAskResult = (found: KnowledgeAnswering): KnowledgeAskResult => ({
  question: found.question,
  language: found.language,
  passages: found.passages.map(toPassageInfo),
  threshold: found.threshold,
  answer: found.answer && { text: found.answer.text, mode: found.answer.mode, citations: found.answer.citations },
  llm: found.llm,
  latencyMs: found.latencyMs,
});

/** The bot's document, or a 404 that reads the same for a missing document and another bot's. */
async function botDocument(ctx: AppContext, botId: string, documentId: string): Promise<KnowledgeDocument> {
  const doc = isUuid(documentId) ? await findKnowledgeDocument(ctx.db, botId, documentId) : undefined;
  if (!doc) throw notFound('knowledge document');
  return doc;
}

/** Reads an uploaded or posted document into text and indexes it; answers the stored document, indexed or failed. */
async function storeDocument(
  ctx: AppContext,
  botId: string,
  body: KnowledgeDocumentBody,
  replacing?: KnowledgeDocument,
): Promise<KnowledgeDocument> {
  let parsed;
  try {
    parsed = await parseDocument({
      mediaType: body.mediaType,
      ...(body.content === undefined ? {} : { content: body.content }),
      ...(body.contentBase64 === undefined ? {} : { bytes: Buffer.from(body.contentBase64, 'base64') }),
      ...(body.filename ? { filename: body.filename } : {}),
      ...(body.title ? { title: body.title } : {}),
    });
  } catch (error) {
    if (error instanceof DocumentParseError) throw new ActionError('invalid_payload', error.message);
    throw error;
  }
  const knowledge = await ctx.knowledge();
  const outcome = await knowledge.index(botId, {
    ...(replacing ? { id: replacing.id } : {}),
    title: parsed.title,
    source: body.filename ? 'upload' : 'api',
    // A replacement without a url keeps the document's link: it replaces the content, and citations keep working.
    url: body.url ?? replacing?.url ?? null,
    mediaType: parsed.mediaType,
    content: parsed.content,
  });
  if (outcome.documentId === null) throw new ActionError('invalid_payload', outcome.ok ? 'not stored' : outcome.error);
  return (await findKnowledgeDocument(ctx.db, botId, outcome.documentId))!;
}

export function knowledgeRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.listKnowledgeDocuments, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const documents = await listKnowledgeDocuments(ctx.db, bot.id);
        return { status: 200, body: { documents: documents.map(toDocumentInfo) } };
      },
    }),
    implement(restOperations.addKnowledgeDocument, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 201, body: { document: toDocumentInfo(await storeDocument(ctx, bot.id, body)) } };
      },
    }),
    implement(restOperations.getKnowledgeDocument, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { document: toDocumentInfo(await botDocument(ctx, bot.id, params.documentId)) } };
      },
    }),
    implement(restOperations.replaceKnowledgeDocument, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const existing = await botDocument(ctx, bot.id, params.documentId);
        return { status: 200, body: { document: toDocumentInfo(await storeDocument(ctx, bot.id, body, existing)) } };
      },
    }),
    implement(restOperations.deleteKnowledgeDocument, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const existing = await botDocument(ctx, bot.id, params.documentId);
        await (await ctx.knowledge()).remove(bot.id, existing.id);
        return { status: 204 };
      },
    }),
    implement(restOperations.listKnowledgeChunks, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const existing = await botDocument(ctx, bot.id, params.documentId);
        return { status: 200, body: { chunks: await listKnowledgeChunks(ctx.db, bot.id, existing.id) } };
      },
    }),
    implement(restOperations.askKnowledge, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const found = await answerFromKnowledge(ctx, { botId: bot.id, question: body.question, apiKeyId: null, useLlm: body.useLlm });
        return { status: 200, body: toAskResult(found) };
      },
    }),
    implement(restOperations.answer, {
      async handle({ body }, { caller: { apiKey } }) {
        // Only a bot that answers with a language model spends tokens; an extractive answer never does.
        if ((await ctx.llm.settings(apiKey.botId)) !== undefined) await requireTokenQuota(ctx, apiKey.botId, apiKey.id);
        await chargeCall(ctx, apiKey, 1);
        const found = await answerFromKnowledge(ctx, { botId: apiKey.botId, question: body.question, apiKeyId: apiKey.id, useLlm: true });
        const answer = found.answer;
        return { status: 200, body: { answer: answer?.text ?? null, citations: answer?.citations ?? [], mode: answer?.mode ?? null } };
      },
    }),
  ];
}
