import * as z from 'zod';
import { intentSnapshotSchema, sentimentSnapshotSchema } from '../classification.ts';
import { botParamsSchema } from './bot-params.ts';
import { defineOperation } from './operation.ts';
import { timestampStringSchema, uuidSchema } from './primitives.ts';
import { queryNumber } from './query-number.ts';

export const REVIEW_REASONS = ['low_confidence', 'out_of_scope', 'handoff', 'negative'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export const MAX_REVIEW_ITEMS = 200;

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

export const reviewQuerySchema = z.object({
  limit: queryNumber(z.int().min(1).max(MAX_REVIEW_ITEMS), `Items, at most ${MAX_REVIEW_ITEMS}; default 50`),
});

export const reviewQueueSchema = z.object({ items: z.array(reviewItemSchema) });
export type ReviewQueue = z.infer<typeof reviewQueueSchema>;

export const reviewOperations = {
  reviewQueue: defineOperation({
    method: 'get',
    path: '/bots/:botId/review-queue',
    operationId: 'reviewQueue',
    summary: "The bot's uncorrected customer messages most worth a label check, highest priority first",
    tag: 'Review',
    access: 'operator',
    params: botParamsSchema,
    query: reviewQuerySchema,
    responses: { 200: { description: 'Highest priority first', schema: reviewQueueSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
};
