import type { LabelScore } from '@parley/protocol';

/** The message an operator is correcting, and which half of its classification. */
export interface CorrectionTarget {
  conversationId: string;
  messageId: string;
  text: string;
  kind: 'intent' | 'sentiment';
  /** What the model (or the latest correction) says now. */
  currentLabel: string | null;
  /** The model's runner-up intents, offered first. */
  candidates?: LabelScore[];
}
