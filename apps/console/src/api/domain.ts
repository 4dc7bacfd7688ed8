import type {
  ConversationTextsUpdate,
  ExampleFormat,
  ExampleImport,
  ExamplePatch,
  IntentUpdate,
  NewExample,
  OperationInput,
  RestOperations,
  TrainingTask,
} from '@parley/protocol';
import { api } from './http.ts';

export const fetchIntents = (botId: string) => api.listIntents({ params: { botId } });

/** Creates the intent when it does not exist yet. */
export const saveIntent = (botId: string, intent: string, changes: IntentUpdate) =>
  api.updateIntent({ params: { botId, intent }, body: changes });

export const deleteIntent = (botId: string, intent: string) => api.deleteIntent({ params: { botId, intent } });

export const fetchConversationTexts = (botId: string) => api.getConversationTexts({ params: { botId } });

/** Answers with the texts as they now stand. */
export const saveConversationTexts = (botId: string, update: ConversationTextsUpdate) =>
  api.updateConversationTexts({ params: { botId }, body: update });

/** The filters and page of `listExamples`, as the contract takes them. */
export type ExampleQuery = NonNullable<OperationInput<RestOperations['listExamples']>['query']>;

export const fetchExamples = (botId: string, query: ExampleQuery) => api.listExamples({ params: { botId }, query });

export const createExample = (botId: string, example: NewExample) => api.createExample({ params: { botId }, body: example });

export const updateExample = (botId: string, exampleId: string, changes: ExamplePatch) =>
  api.updateExample({ params: { botId, exampleId }, body: changes });

export const deleteExample = (botId: string, exampleId: string) => api.deleteExample({ params: { botId, exampleId } });

export const importExamples = (botId: string, body: ExampleImport) => api.importExamples({ params: { botId }, body });

/** A plain link: the server answers with Content-Disposition: attachment, so the browser downloads it. */
export const exportUrl = (botId: string, task: TrainingTask, format: ExampleFormat) =>
  api.urlOf('exportExamples', { params: { botId }, query: { task, format } });
