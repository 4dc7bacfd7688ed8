import { intentSnapshotSchema, sentimentSnapshotSchema } from '@parley/protocol';
import { z } from 'zod';
import { timestampStringSchema, uuidSchema } from '@parley/protocol';

export const REVIEW_REASONS = ['low_confidence', 'out_of_scope', 'handoff', 'negative'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export const reviewItemSchema = z
  .object({
    conversationId: uuidSchema,
    messageId: uuidSchema,
    seq: z.int().min(1),
    text: z.string(),
    createdAt: timestampStringSchema,
    intent: intentSnapshotSchema.nullable(),
    sentiment: sentimentSnapshotSchema.nullable(),
    modelVersion: z.string().nullable(),
    reasons: z.array(z.enum(REVIEW_REASONS)).meta({
      description:
        "low_confidence: under the bot's answer threshold, or never classified · out_of_scope: the model placed it outside the domain · " +
        'handoff: its conversation went to a person · negative: negative sentiment',
    }),
    priority: z.number().min(0).meta({ description: 'Higher first: 1 − confidence, plus a boost per other reason' }),
  })
  .meta({ id: 'ReviewItem' });

export type ReviewItem = z.infer<typeof reviewItemSchema>;
