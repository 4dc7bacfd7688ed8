import type { KnowledgeCrawlSourceBody, KnowledgeDocumentBody } from '@parley/protocol';
import { api } from './http.ts';

export const fetchKnowledgeDocuments = (botId: string) => api.listKnowledgeDocuments({ params: { botId } });

/** Stored and indexed at once: the answer's `status` says whether indexing worked or why it failed. */
export const addKnowledgeDocument = (botId: string, body: KnowledgeDocumentBody) => api.addKnowledgeDocument({ params: { botId }, body });

export const deleteKnowledgeDocument = (botId: string, documentId: string) =>
  api.deleteKnowledgeDocument({ params: { botId, documentId } });

export const fetchKnowledgeChunks = (botId: string, documentId: string) => api.listKnowledgeChunks({ params: { botId, documentId } });

export const fetchKnowledgeSources = (botId: string) => api.listKnowledgeSources({ params: { botId } });

export const addKnowledgeSource = (botId: string, body: KnowledgeCrawlSourceBody) => api.addKnowledgeSource({ params: { botId }, body });

export const syncKnowledgeSource = (botId: string, sourceId: string) => api.syncKnowledgeSource({ params: { botId, sourceId } });

export const deleteKnowledgeSource = (botId: string, sourceId: string) => api.deleteKnowledgeSource({ params: { botId, sourceId } });

/** The passages retrieval finds and the answer the bot would give, through the path a customer's turn takes. */
export const askKnowledge = (botId: string, question: string, useLlm = true) =>
  api.askKnowledge({ params: { botId }, body: { question, useLlm } });
