/** REST bodies of the bot server's /api/v1 as apps/console/API.md describes them. Times are ISO strings. */

import type {
  IntentSnapshot as IntentPrediction,
  OperatorRef as PersonRef,
  SentimentSnapshot as SentimentPrediction,
  TrainingJobStatus,
} from '@parley/protocol';

export type Role = 'admin' | 'agent';

export interface OperatorProfile {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export interface Session {
  token: string;
  expiresAt: string;
  operator: OperatorProfile;
}

export interface BotInfo {
  id: string;
  name: string;
  publicKey: string;
  activeModelVersion: string | null;
}

// What the protocol already defines, under the names this client uses.
export type {
  LabelScore as IntentScore,
  IntentSnapshot as IntentPrediction,
  OperatorRef as PersonRef,
  SentimentSnapshot as SentimentPrediction,
  TrainingJobStatus,
} from '@parley/protocol';

export type ReviewReason = 'low_confidence' | 'out_of_scope' | 'handoff' | 'negative';

export interface ReviewItem {
  conversationId: string;
  messageId: string;
  seq: number;
  text: string;
  createdAt: string;
  intent: IntentPrediction | null;
  sentiment: SentimentPrediction | null;
  modelVersion: string | null;
  reasons: ReviewReason[];
  priority: number;
}

export interface IntentAnswer {
  text: string;
  quickReplies?: string[];
}

export interface IntentInfo {
  name: string;
  displayName: string | null;
  trainExamples: number;
  testExamples: number;
  answer: IntentAnswer | null;
}

export interface SentimentLabelInfo {
  name: string;
  trainExamples: number;
  testExamples: number;
}

export interface DomainIntents {
  intents: IntentInfo[];
  sentimentLabels: SentimentLabelInfo[];
}

export type Task = 'intent' | 'sentiment';
export type Split = 'train' | 'test';
export type ExportFormat = 'jsonl' | 'csv';

export interface Example {
  id: string;
  task: Task;
  text: string;
  label: string;
  split: Split;
  source: 'seed' | 'correction' | 'import' | 'editor';
  createdAt: string;
  createdBy: PersonRef | null;
  messageId: string | null;
}

export interface ImportResult {
  imported: number;
  duplicates: number;
  removed: number;
}

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Scores {
  version: string;
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, LabelScores>;
  confusion: { labels: string[]; matrix: number[][] };
}

export interface Comparison {
  task: 'intent';
  heldOut: { examples: number; source: 'test-split' | 'holdout' };
  candidate: Scores;
  live: Scores | null;
  deltas: { accuracy: number; macroF1: number; perLabel: Record<string, number> };
  gate: { passed: boolean; maxMacroF1Drop: number; macroF1Drop: number; reason: string };
  sentiment: { candidate: { accuracy: number; macroF1: number }; live: { accuracy: number; macroF1: number } | null } | null;
}

export interface TrainingJob {
  id: string;
  botId: string;
  status: TrainingJobStatus;
  stage: string;
  fraction: number;
  message: string | null;
  error: string | null;
  candidateVersion: string | null;
  liveVersion: string | null;
  requestedBy: PersonRef | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  report: Comparison | null;
}

export interface ModelVersionInfo {
  version: string;
  status: 'candidate' | 'live' | 'retired';
  createdAt: string;
  promotedAt: string | null;
  promotedBy: PersonRef | null;
  overrideReason: string | null;
  trainExamples: number;
  evaluation: Scores | null;
  jobId: string | null;
  wasLive: boolean;
}

export interface AnalyticsDay {
  day: string;
  modelVersion: string | null;
  conversations: number;
  messages: number;
  customerMessages: number;
  handoffs: number;
  contained: number;
  outOfScope: number;
  classified: number;
  sentiment: Record<string, number>;
}

export interface Analytics {
  from: string;
  to: string;
  versions: string[];
  daily: AnalyticsDay[];
  topIntents: { modelVersion: string | null; intent: string; count: number }[];
}
