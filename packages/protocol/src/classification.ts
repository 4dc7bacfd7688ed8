import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { labelSchema, probabilitySchema, serverPayload } from './primitives.ts';

export const labelScoreSchema = serverPayload({ label: labelSchema, confidence: probabilitySchema });

export const intentSnapshotSchema = serverPayload({
  label: labelSchema,
  /** Calibrated probability of `label`. */
  confidence: probabilitySchema,
  /** The model's explicit out-of-scope label won, or confidence fell under the tuned threshold. */
  outOfScope: z.boolean(),
  /** Best candidates first. */
  top: z.array(labelScoreSchema).max(LIMITS.topIntents),
});

export const sentimentSnapshotSchema = serverPayload({
  label: labelSchema,
  /** Calibrated probability of `label`. */
  score: probabilitySchema,
});

/** What the classifier said about one customer message, frozen at the time it ran. */
export const classificationSnapshotSchema = serverPayload({
  // A deployed model may be trained for one task only, so either half can be missing.
  intent: intentSnapshotSchema.nullable(),
  sentiment: sentimentSnapshotSchema.nullable(),
  /** Identifies the model artifact, so corrections can be traced to the model that made the mistake. */
  modelVersion: labelSchema,
  latencyMs: z.number().min(0),
});

export type LabelScore = z.infer<typeof labelScoreSchema>;
export type IntentSnapshot = z.infer<typeof intentSnapshotSchema>;
export type SentimentSnapshot = z.infer<typeof sentimentSnapshotSchema>;
export type ClassificationSnapshot = z.infer<typeof classificationSnapshotSchema>;
