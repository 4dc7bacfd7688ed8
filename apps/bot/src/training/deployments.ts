import type { AppContext } from '../app/context.ts';
import { conflict, notFound } from '../conversation/action-error.ts';
import { findBot, type Bot } from '../db/bot-store.ts';
import type { Queryable } from '../db/database.ts';
import { findModelVersion, promoteModelVersion, type DeploymentAction, type ModelVersion } from '../db/model-version-store.ts';
import type { Operator } from '../db/operator-store.ts';
import { judgeComparison } from './comparison.ts';
import { findTrainingJobOfVersion } from '../db/training-job-store.ts';

interface Decision {
  gatePassed: boolean | null;
  overrideReason: string | null;
}

/**
 * Makes `version` the bot's live model. Deployments of one bot run one at a time; each loads the model before the
 * database says it is live (a model that cannot load changes nothing), and puts the old one back if the database
 * then refuses. Operators of the workspace hear of it as `model:changed`.
 */
async function deploy(
  ctx: AppContext,
  input: { bot: Bot; version: string; operator: Operator; action: DeploymentAction },
  decide: (target: ModelVersion, liveVersion: string | null) => Promise<Decision>,
): Promise<ModelVersion> {
  const { bot, version, operator, action } = input;
  return ctx.serial.run(`model-deployment:${bot.id}`, async () => {
    const target = await findModelVersion(ctx.db, bot.id, version);
    if (!target) throw notFound('model version');
    const liveVersion = (await findBot(ctx.db, bot.id))?.activeModelVersion ?? null;
    const { gatePassed, overrideReason } = await decide(target, liveVersion);
    const previous = liveVersion === null ? undefined : await findModelVersion(ctx.db, bot.id, liveVersion);

    await ctx.models.activate(bot.id, target.version, target.artifactDir);
    let promoted: ModelVersion;
    try {
      promoted = await promoteModelVersion(ctx.db, { botId: bot.id, version, operatorId: operator.id, overrideReason, action, gatePassed });
    } catch (error) {
      if (previous) await ctx.models.activate(bot.id, previous.version, previous.artifactDir);
      throw error;
    }
    ctx.logger.info(
      { botId: bot.id, version, previousVersion: liveVersion, action, gatePassed, operatorId: operator.id },
      'live model changed',
    );
    ctx.publisher.modelChanged(bot.workspaceId, {
      botId: bot.id,
      version,
      previousVersion: liveVersion,
      action,
      by: { id: operator.id, name: operator.displayName },
    });
    return promoted;
  });
}

/**
 * The gate on the evaluation its training job stored: the candidate against the live model on the same held-out
 * examples, judged again under today's tolerances. A comparison with a model that is no longer live says nothing
 * about the one that is.
 */
async function promotionGate(db: Queryable, botId: string, target: ModelVersion, liveVersion: string | null) {
  if (liveVersion === null) return { passed: true, reason: 'there is no live model to compare with' };
  const report = (await findTrainingJobOfVersion(db, botId, target.version))?.report;
  if (!report)
    return { passed: false, reason: `${target.version} has no held-out evaluation to compare with the live model ${liveVersion}` };
  if (report.live?.version !== liveVersion)
    return {
      passed: false,
      reason: `${target.version} was compared with ${report.live?.version ?? 'no live model'}, but ${liveVersion} is live now; retrain to compare with it`,
    };
  return judgeComparison(report);
}

/** Promotes a candidate through the evaluation gate, or past it with an admin's reason. */
export function promoteCandidate(
  ctx: AppContext,
  input: { bot: Bot; version: string; operator: Operator; overrideReason: string | null },
): Promise<ModelVersion> {
  return deploy(ctx, { ...input, action: 'promote' }, async (target, liveVersion) => {
    if (target.status === 'live') throw conflict(`${target.version} is already live`);
    if (target.status === 'retired') throw conflict(`${target.version} was live before; roll back to it instead`);
    const gate = await promotionGate(ctx.db, input.bot.id, target, liveVersion);
    if (!gate.passed && input.overrideReason === null)
      throw conflict(`the evaluation gate refuses this candidate: ${gate.reason}. Give an overrideReason to promote it anyway.`);
    return { gatePassed: gate.passed, overrideReason: input.overrideReason };
  });
}

/** Serves an earlier live version again (no gate: it has served before). */
export function rollBackTo(ctx: AppContext, input: { bot: Bot; version: string; operator: Operator }): Promise<ModelVersion> {
  return deploy(ctx, { ...input, action: 'rollback' }, async (target) => {
    if (target.status === 'live') throw conflict(`${target.version} is already live`);
    if (target.promotedAt === null) throw conflict(`${target.version} has never been live; promote it instead`);
    return { gatePassed: null, overrideReason: null };
  });
}
