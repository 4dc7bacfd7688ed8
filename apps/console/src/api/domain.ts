import { apiUrl, request } from './http.ts';
import type {
  ConversationTexts,
  ConversationTextsUpdate,
  DomainIntents,
  Example,
  ExportFormat,
  ImportResult,
  IntentAnswer,
  IntentInfo,
  Split,
  Task,
} from './types.ts';

const bot = (botId: string) => `/bots/${encodeURIComponent(botId)}`;

export const fetchIntents = (botId: string) => request<DomainIntents>(`${bot(botId)}/intents`);

export interface IntentChanges {
  displayName?: string | null;
  answer?: IntentAnswer | null;
  translations?: { zh?: { displayName?: string | null; answer?: IntentAnswer | null } };
}

/** Creates the intent when it does not exist yet. */
export const saveIntent = (botId: string, name: string, changes: IntentChanges) =>
  request<{ intent: IntentInfo }>(`${bot(botId)}/intents/${encodeURIComponent(name)}`, { method: 'PUT', body: changes });

export const deleteIntent = (botId: string, name: string) =>
  request<void>(`${bot(botId)}/intents/${encodeURIComponent(name)}`, { method: 'DELETE' });

export const fetchConversationTexts = (botId: string) => request<ConversationTexts>(`${bot(botId)}/conversation-texts`);

/** Answers with the texts as they now stand. */
export const saveConversationTexts = (botId: string, update: ConversationTextsUpdate) =>
  request<ConversationTexts>(`${bot(botId)}/conversation-texts`, { method: 'PUT', body: update });

export interface ExampleQuery {
  task: Task;
  label?: string;
  q?: string;
  split?: Split;
  limit?: number;
  offset?: number;
}

export const fetchExamples = (botId: string, query: ExampleQuery) =>
  request<{ examples: Example[]; total: number }>(`${bot(botId)}/examples`, { query: { ...query } });

export const createExample = (botId: string, example: { task: Task; text: string; label: string; split?: Split }) =>
  request<{ example: Example }>(`${bot(botId)}/examples`, { method: 'POST', body: example });

export const updateExample = (botId: string, exampleId: string, changes: { text?: string; label?: string; split?: Split }) =>
  request<{ example: Example }>(`${bot(botId)}/examples/${encodeURIComponent(exampleId)}`, { method: 'PATCH', body: changes });

export const deleteExample = (botId: string, exampleId: string) =>
  request<void>(`${bot(botId)}/examples/${encodeURIComponent(exampleId)}`, { method: 'DELETE' });

export interface ImportRequest {
  task: Task;
  format: ExportFormat;
  mode: 'append' | 'replace';
  content: string;
}

export const importExamples = (botId: string, body: ImportRequest) =>
  request<ImportResult>(`${bot(botId)}/examples/import`, { method: 'POST', body });

/** A plain link: the server answers with Content-Disposition: attachment, so the browser downloads it. */
export const exportUrl = (botId: string, task: Task, format: ExportFormat) => apiUrl(`${bot(botId)}/examples/export`, { task, format });
