import * as z from 'zod';
import { intentSnapshotSchema, sentimentSnapshotSchema } from '../classification.ts';
import { LIMITS } from '../limits.ts';
import { defineOperation } from './operation.ts';

/** Texts one classify call may carry. */
export const MAX_TEXTS_PER_CALL = 100;

/** One text to classify; also what a preview takes. */
export const classifyTextSchema = z
  .string()
  .min(1)
  .max(LIMITS.text)
  .refine((text) => /\S/.test(text), 'must not be blank');

export const classifyBodySchema = z
  .strictObject({ texts: z.array(classifyTextSchema).min(1).max(MAX_TEXTS_PER_CALL) })
  .meta({ id: 'ClassifyRequest' });

export const classifyResultSchema = z
  .object({
    text: z.string(),
    language: z.enum(['en', 'zh']).meta({ description: 'The feature path the text took: English (USE-lite) or Chinese.' }),
    intent: intentSnapshotSchema.nullable().meta({ description: 'null when the model has no intent head.' }),
    sentiment: sentimentSnapshotSchema.nullable().meta({ description: 'null when the model has no sentiment head.' }),
  })
  .meta({ id: 'ClassifyResult' });

export const classifyResponseSchema = z
  .object({
    model: z.object({ version: z.string() }),
    /** In the order of `texts`. */
    results: z.array(classifyResultSchema),
  })
  .meta({ id: 'ClassifyResponse' });

export type ClassifyResult = z.infer<typeof classifyResultSchema>;
export type ClassifyResponse = z.infer<typeof classifyResponseSchema>;

export const classifyOperations = {
  classify: defineOperation({
    method: 'post',
    path: '/classify',
    operationId: 'classify',
    summary: "Classify up to 100 texts with the API key's bot's live model",
    tag: 'Classify',
    access: 'apiKey',
    body: classifyBodySchema,
    responses: { 200: { description: 'One result per text, in order', schema: classifyResponseSchema } },
    errors: {
      429: "The key's daily quota is spent (Retry-After: until UTC midnight) or it sent too many requests per second",
      503: 'The bot has no trained model yet',
    },
  }),
};
