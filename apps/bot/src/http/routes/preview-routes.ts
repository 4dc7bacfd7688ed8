import type { Classification } from '@parley/model';
import {
  restOperations,
  type FailureCause as WireFailureCause,
  type Preview,
  type PreviewDecisionKind as WirePreviewDecisionKind,
} from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { findModelVersion } from '../../db/model-version-store.ts';
import type { FailureCause, KnowledgeAnswer } from '../../engine/decide.ts';
import { previewDecision, previewMayUseKnowledge, type PreviewDecisionKind } from '../../engine/preview.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { notFound } from '../../conversation/action-error.ts';
import { answerFromKnowledge } from '../../conversation/knowledge-answer.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { classifyMetered, classifyResult, noModelYet } from './classify-routes.ts';

// The protocol's decision kinds and failure causes are exactly the engine's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const decisionKindsMatch: Same<WirePreviewDecisionKind, PreviewDecisionKind> = true;
const failureCausesMatch: Same<WireFailureCause, FailureCause> = true;
void decisionKindsMatch;
void failureCausesMatch;

/**
 * The knowledge base's answer as a turn would get it, but never from the bot's language model: a preview of 20
 * lines must neither take 20 model calls' time nor spend their tokens (the Ask box shows the model's answer).
 */
async function extractiveKnowledge(ctx: AppContext, botId: string, text: string): Promise<KnowledgeAnswer | undefined> {
  const found = await answerFromKnowledge(ctx, { botId, question: text, apiKeyId: null, useLlm: false });
  return found.answer ?? undefined;
}

/** The bot's decision on each text under its current config; nothing is stored. */
async function previewReply(
  ctx: AppContext,
  botId: string,
  version: string,
  texts: readonly string[],
  classifications: readonly Classification[],
): Promise<Preview> {
  const loaded = await ctx.bots.get(botId);
  if (!loaded) throw notFound('bot');
  const results = await Promise.all(
    texts.map(async (text, i) => {
      const classification = classifications[i]!;
      const knowledge = previewMayUseKnowledge(loaded.config, text, classification)
        ? await extractiveKnowledge(ctx, botId, text)
        : undefined;
      return {
        text,
        ...previewDecision(loaded.config, text, classification, knowledge),
        classification: classifyResult(text, classification),
      };
    }),
  );
  return { model: { version }, results };
}

export function previewRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.preview, {
      async handle({ body }, { caller: { apiKey } }) {
        // Metered exactly as classify: it costs the same model work.
        const { version, classifications } = await classifyMetered(ctx, apiKey, body.texts);
        return { status: 200, body: await previewReply(ctx, apiKey.botId, version, body.texts, classifications) };
      },
    }),
    implement(restOperations.previewModelVersion, {
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
