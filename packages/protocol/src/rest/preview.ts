import * as z from 'zod';
import { citationsSchema } from '../citations.ts';
import { handoffReasonSchema } from '../conversation.ts';
import { quickRepliesSchema } from '../quick-replies.ts';
import { botParamsSchema } from './bot-params.ts';
import { classifyResultSchema, classifyTextSchema, MAX_TEXTS_PER_CALL } from './classify.ts';
import { defineOperation } from './operation.ts';

/** Texts an operator previews at once: the console's "Try it" box, one message per line. */
export const MAX_OPERATOR_PREVIEW_TEXTS = 20;

/** What the bot would do with a text (the engine's decision kinds; the server checks that they match). */
export const previewDecisionKinds = ['answer', 'knowledge', 'clarify', 'fallback', 'handoff', 'smalltalk'] as const;
/** What the bot failed at, for a fallback or a handoff after failures (the engine's failure causes). */
export const failureCauses = ['no_classification', 'out_of_scope', 'low_confidence', 'no_answer'] as const;

export const previewBodySchema = z
  .strictObject({ texts: z.array(classifyTextSchema).min(1).max(MAX_TEXTS_PER_CALL) })
  .meta({ id: 'PreviewRequest' });

export const operatorPreviewBodySchema = z
  .strictObject({
    texts: z.array(classifyTextSchema).min(1).max(MAX_OPERATOR_PREVIEW_TEXTS),
    version: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Any model version of the bot, live or not (a candidate to try out); default the live one' }),
  })
  .meta({ id: 'OperatorPreviewRequest' });

export const previewResultSchema = z
  .object({
    text: z.string(),
    decision: z
      .enum(previewDecisionKinds)
      .meta({ description: 'What the bot would do with the text as the first message of a conversation' }),
    intent: z
      .string()
      .nullable()
      .meta({ description: "The intent answered (answer, smalltalk; knowledge: the model's guess, if any); null for the other decisions" }),
    reply: z.object({ text: z.string(), quickReplies: quickRepliesSchema.optional(), citations: citationsSchema.optional() }).meta({
      description: "What the bot would say; a knowledge answer (extractive, as the bot's LLM is not asked here) with its sources",
    }),
    reason: handoffReasonSchema.optional().meta({ description: 'handoff only: why the customer would be handed over' }),
    cause: z.enum(failureCauses).optional().meta({ description: 'fallback, and handoff after failures: what the bot failed at' }),
    options: z.tuple([z.string(), z.string()]).optional().meta({ description: 'clarify only: the two intents the bot would ask about' }),
    classification: classifyResultSchema.meta({ description: "The model's reading of the text, as /classify answers it" }),
  })
  .meta({ id: 'PreviewResult' });

export const previewResponseSchema = z
  .object({
    model: z.object({ version: z.string() }),
    /** In the order of `texts`. */
    results: z.array(previewResultSchema),
  })
  .meta({ id: 'PreviewResponse' });

export type PreviewDecisionKind = (typeof previewDecisionKinds)[number];
export type FailureCause = (typeof failureCauses)[number];
export type PreviewRequest = z.input<typeof previewBodySchema>;
export type OperatorPreviewRequest = z.input<typeof operatorPreviewBodySchema>;
export type PreviewResult = z.infer<typeof previewResultSchema>;
/** What a preview answers: the console calls it Preview. */
export type Preview = z.infer<typeof previewResponseSchema>;
export type PreviewResponse = Preview;

export const previewOperations = {
  preview: defineOperation({
    method: 'post',
    path: '/preview',
    operationId: 'preview',
    summary: "What the API key's bot would answer to up to 100 texts, each as the first message of a conversation; nothing is stored",
    tag: 'Classify',
    access: 'apiKey',
    body: previewBodySchema,
    responses: { 200: { description: 'One result per text, in order', schema: previewResponseSchema } },
    errors: {
      429: "The key's daily quota is spent (Retry-After: until UTC midnight) or it sent too many requests per second",
      503: 'The bot has no trained model yet',
    },
  }),
  previewModelVersion: defineOperation({
    method: 'post',
    path: '/bots/:botId/preview',
    operationId: 'previewModelVersion',
    summary: 'What the bot would answer to up to 20 texts with its live model or any other of its versions; nothing is stored',
    tag: 'Models',
    access: 'operator',
    params: botParamsSchema,
    body: operatorPreviewBodySchema,
    responses: { 200: { description: 'One result per text, in order', schema: previewResponseSchema } },
    errors: {
      404: 'No such bot in your workspace, or no such version of the bot',
      503: 'No version was given and the bot has no live model',
    },
  }),
};
