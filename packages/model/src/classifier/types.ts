/** One labelled utterance, as read from JSONL/CSV or the database. */
export interface Example {
  text: string;
  label: string;
}

export type TaskName = 'intent' | 'sentiment';

/**
 * Which feature path a message takes. USE-lite reads only Latin-script English well, so text that is mostly
 * CJK goes through its own heads on character n-grams.
 */
export type Language = 'en' | 'zh';

export interface LabelScore {
  label: string;
  confidence: number;
}

export interface IntentPrediction {
  label: string;
  /** Calibrated probability of `label`. */
  confidence: number;
  /** The most likely labels, best first (at most 5). */
  top: LabelScore[];
  /** True when the model predicts the explicit out-of-scope label or confidence is under the tuned threshold. */
  outOfScope: boolean;
}

export interface SentimentPrediction {
  label: string;
  /** Calibrated probability of `label`. */
  score: number;
  probabilities: Record<string, number>;
}

export interface Classification {
  language: Language;
  intent?: IntentPrediction;
  sentiment?: SentimentPrediction;
}

export interface PerLabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationReport {
  examples: number;
  /** Over all examples, out-of-scope ones included (an OOS example is right when flagged out of scope). */
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, PerLabelMetrics>;
  /** confusion.matrix[gold][predicted], rows and columns in `labels` order. */
  confusion: { labels: string[]; matrix: number[][] };
  /** Expected calibration error of the top prediction, 15 equal-width bins, as a fraction (0.05 = 5%). */
  ece: number;
  /** Present when the data has out-of-scope examples: detection of them. */
  oos?: { precision: number; recall: number };
  /** Accuracy on examples whose gold label is not out-of-scope (CLINC150's "in-scope accuracy"). */
  inScopeAccuracy?: number;
}
