/** REST bodies of the bot server's /api/v1 as apps/console/API.md describes them. Times are ISO strings. */

import type {
  HandoffReason,
  IntentSnapshot as IntentPrediction,
  OperatorRef as PersonRef,
  QuickReply,
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
  QuickReply,
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
  quickReplies?: QuickReply[];
}

/** An intent's wording in another language; null: the English one is used. */
export interface IntentTranslation {
  displayName: string | null;
  answer: IntentAnswer | null;
}

export interface IntentInfo {
  name: string;
  displayName: string | null;
  trainExamples: number;
  testExamples: number;
  answer: IntentAnswer | null;
  translations: { zh: IntentTranslation };
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

/** The languages the bot speaks: English, the default, and Chinese. */
export type BotLanguage = 'en' | 'zh';
export type BotTextKey = 'fallback' | 'clarify' | 'handoff' | 'waitingForAgent' | 'talkToPerson';
export type SmallTalkLabel = 'smalltalk.greeting' | 'smalltalk.thanks' | 'smalltalk.goodbye' | 'smalltalk.are_you_a_bot' | 'smalltalk.ok';

export interface BotReplyText {
  text: string;
  quickReplies?: QuickReply[];
}

export interface LanguageTexts {
  texts: Record<BotTextKey, string>;
  smallTalk: Record<SmallTalkLabel, BotReplyText>;
}

export interface BuiltinSwitches {
  smallTalk: boolean;
  background: boolean;
}

export interface ConversationTextValues {
  languages: Record<BotLanguage, LanguageTexts>;
  builtins: BuiltinSwitches;
}

/** `GET /bots/:botId/conversation-texts`: what the bot says now, and the built-in values a reset gives. */
export interface ConversationTexts extends ConversationTextValues {
  defaults: ConversationTextValues;
}

/** Absent: unchanged; null: back to the default. */
export interface LanguageTextsUpdate {
  texts?: Partial<Record<BotTextKey, string | null>>;
  smallTalk?: Partial<Record<SmallTalkLabel, BotReplyText | null>>;
}

export interface ConversationTextsUpdate {
  languages?: Partial<Record<BotLanguage, LanguageTextsUpdate>>;
  builtins?: Partial<Record<keyof BuiltinSwitches, boolean | null>>;
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
  /** Absent in reports stored before the gate compared calibration. */
  ece?: number;
}

export type GateMeasure = 'intentMacroF1' | 'sentimentMacroF1' | 'falseAcceptRate' | 'answeredCorrectly' | 'intentEce';

export interface GateMeasureVerdict {
  measure: GateMeasure;
  higherIsBetter: boolean;
  candidate: number | null;
  live: number | null;
  /** Candidate minus live; null when not compared. */
  delta: number | null;
  /** How much worse than live the candidate may be, in the measure's worse direction. */
  tolerance: number;
  examples: number | null;
  verdict: 'pass' | 'fail' | 'not-compared';
  note: string | null;
}

export interface BehaviourScores {
  inScope: { count: number; correct: number; wrong: number; smalltalk: number; clarify: number; fallback: number; handoff: number };
  outOfScope: { count: number; answered: number };
}

export interface Comparison {
  task: 'intent';
  heldOut: { examples: number; source: 'test-split' | 'holdout' };
  candidate: Scores;
  live: Scores | null;
  deltas: { accuracy: number; macroF1: number; perLabel: Record<string, number> };
  /** `measures` is absent in reports stored before the gate compared more than intent macro-F1. */
  gate: { passed: boolean; maxMacroF1Drop: number; macroF1Drop: number; reason: string; measures?: GateMeasureVerdict[] };
  sentiment: {
    candidate: { accuracy: number; macroF1: number; examples?: number };
    live: { accuracy: number; macroF1: number; examples?: number } | null;
  } | null;
  /** Absent in reports stored before the gate ran the models through the engine. */
  behaviour?: { candidate: BehaviourScores; live: BehaviourScores | null };
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

/** What the bot would do with a text as the first message of a conversation (`POST /bots/:botId/preview`). */
export interface PreviewResult {
  text: string;
  decision: 'answer' | 'clarify' | 'fallback' | 'handoff' | 'smalltalk';
  /** The intent answered (answer, smalltalk); null otherwise. */
  intent: string | null;
  reply: { text: string; quickReplies?: QuickReply[] };
  reason?: HandoffReason;
  cause?: 'no_classification' | 'out_of_scope' | 'low_confidence' | 'no_answer';
  options?: [string, string];
  classification: { text: string; language: 'en' | 'zh'; intent: IntentPrediction | null; sentiment: SentimentPrediction | null };
}

export interface Preview {
  model: { version: string };
  results: PreviewResult[];
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
