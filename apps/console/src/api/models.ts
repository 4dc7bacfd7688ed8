import { api } from './http.ts';

export const startTraining = (botId: string, from: 'live' | 'scratch' = 'live') =>
  api.startTrainingJob({ params: { botId }, body: { from } });

export const fetchTrainingJobs = (botId: string, limit = 20) => api.listTrainingJobs({ params: { botId }, query: { limit } });

export const fetchTrainingJob = (botId: string, jobId: string) => api.getTrainingJob({ params: { botId, jobId } });

export const fetchModelVersions = (botId: string) => api.listModelVersions({ params: { botId } });

export const promoteVersion = (botId: string, version: string, overrideReason?: string) =>
  api.promoteModelVersion({ params: { botId, version }, body: overrideReason ? { overrideReason } : {} });

export const rollbackToVersion = (botId: string, version: string) => api.rollBackModelVersion({ params: { botId, version } });

/** What the bot would answer to each text with `version` (default: the live model); nothing is stored. */
export const previewTexts = (botId: string, texts: string[], version?: string) =>
  api.previewModelVersion({ params: { botId }, body: version === undefined ? { texts } : { texts, version } });
