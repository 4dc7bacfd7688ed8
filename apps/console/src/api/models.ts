import { request } from './http.ts';
import type { ModelVersionInfo, Preview, TrainingJob } from './types.ts';

const bot = (botId: string) => `/bots/${encodeURIComponent(botId)}`;

export const startTraining = (botId: string) => request<{ job: TrainingJob }>(`${bot(botId)}/training-jobs`, { method: 'POST' });

export const fetchTrainingJobs = (botId: string, limit = 20) =>
  request<{ jobs: TrainingJob[] }>(`${bot(botId)}/training-jobs`, { query: { limit } });

export const fetchTrainingJob = (botId: string, jobId: string) =>
  request<{ job: TrainingJob }>(`${bot(botId)}/training-jobs/${encodeURIComponent(jobId)}`);

export const fetchModelVersions = (botId: string) =>
  request<{ liveVersion: string | null; versions: ModelVersionInfo[] }>(`${bot(botId)}/model-versions`);

export const promoteVersion = (botId: string, version: string, overrideReason?: string) =>
  request<{ version: ModelVersionInfo }>(`${bot(botId)}/model-versions/${encodeURIComponent(version)}/promote`, {
    method: 'POST',
    body: overrideReason ? { overrideReason } : {},
  });

export const rollbackToVersion = (botId: string, version: string) =>
  request<{ version: ModelVersionInfo }>(`${bot(botId)}/model-versions/${encodeURIComponent(version)}/rollback`, { method: 'POST' });

/** What the bot would answer to each text with `version` (default: the live model); nothing is stored. */
export const previewTexts = (botId: string, texts: string[], version?: string) =>
  request<Preview>(`${bot(botId)}/preview`, { method: 'POST', body: version === undefined ? { texts } : { texts, version } });
