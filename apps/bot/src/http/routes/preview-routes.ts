import type { Classification } from '@parley/model';
import { handoffReasonSchema, quickRepliesSchema } from '@parley/protocol';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { findModelVersion } from '../../db/model-version-store.ts';
import type { FailureCause } from '../../engine/decide.ts';
import { previewDecision, type PreviewDecisionKind } from '../../engine/preview.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { notFound } from '../../conversation/action-error.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';
import {
  classifyMetered,
  classifyResult,
  classifyResultSchema,
  classifyTextSchema,
  MAX_TEXTS_PER_CALL,
  noModelYet,
} from './classify-routes.ts';

/** Texts an operator previews at once: the console's "Try it" box, one message per line. */
export const MAX_OPERATOR_PREVIEW_TEXTS = 20;

const decisionKinds = ['answer', 'clarify', 'fallback', 'handoff', 'smalltalk'] as const satisfies readonly PreviewDecisionKind[];
const failureCauses = ['no_classification', 'out_of_scope', 'low_confidence', 'no_answer'] as const satisfies readonly FailureCause[];

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
    decision: z.enum(decisionKinds).meta({ description: 'What the bot would do with the text as the first message of a conversation' }),
    intent: z.string().nullable().meta({ description: 'The intent answered (answer, smalltalk); null for the other decisions' }),
    reply: z.object({ text: z.string(), quickReplies: quickRepliesSchema.optional() }).meta({ description: 'What the bot would say' }),
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

type PreviewResponse = z.infer<typeof previewResponseSchema>;

/** The bot's decision on each text under its current config; nothing is stored. */
async function previewReply(
  ctx: AppContext,
  botId: string,
  version: string,
  texts: readonly string[],
  classifications: readonly Classification[],
): Promise<PreviewResponse> {
  const loaded = await ctx.bots.get(botId);
  if (!loaded) throw notFound('bot');
  const results = texts.map((text, i) => {
    const classification = classifications[i]!;
    return { text, ...previewDecision(loaded.config, text, classification), classification: classifyResult(text, classification) };
  });
  return { model: { version }, results };
}

export function previewRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
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
      async handle({ body }, { caller: { apiKey } }) {
        // Metered exactly as classify: it costs the same model work.
        const { version, classifications } = await classifyMetered(ctx, apiKey, body.texts);
        return { status: 200, body: await previewReply(ctx, apiKey.botId, version, body.texts, classifications) };
      },
    }),
    defineRoute({
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
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const served = ctx.models.current(bot.id);
        const version = body.version ?? served?.version;
        if (version === undefined) throw noModelYet();
        let classifications: Classification[];
        if (served && version === served.version)
          classifications = await Promise.all(body.texts.map((text) => served.batcher.classify(text)));
        else {
          const stored = await findModelVersion(ctx.db, bot.id, version);
          if (!stored) throw notFound('model version');
          classifications = await ctx.models.withModelAt(stored.artifactDir, (model) => model.classify(body.texts));
        }
        return { status: 200, body: await previewReply(ctx, bot.id, version, body.texts, classifications) };
      },
    }),
  ];
}
