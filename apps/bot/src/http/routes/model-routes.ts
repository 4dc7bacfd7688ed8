import { restOperations } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { listDeployments, listModelVersions } from '../../db/model-version-store.ts';
import { deploymentViews, modelVersionViews, trainingJobViews } from '../../training/api-views.ts';
import { promoteCandidate, rollBackTo } from '../../training/deployments.ts';
import { findTrainingJob, listTrainingJobs } from '../../db/training-job-store.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { isUuid } from '../../db/uuid.ts';
import { notFound } from '../../conversation/action-error.ts';
import { workspaceBot } from '../workspace-bot.ts';

export function modelRoutes(ctx: AppContext): AnyRoute[] {
  const jobView = async (job: Parameters<typeof trainingJobViews>[1][number]) => (await trainingJobViews(ctx.names, [job]))[0]!;
  const versionView = async (version: Parameters<typeof modelVersionViews>[1][number]) =>
    (await modelVersionViews(ctx.names, [version]))[0]!;

  return [
    implement(restOperations.listTrainingJobs, {
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { jobs: await trainingJobViews(ctx.names, await listTrainingJobs(ctx.db, bot.id, query.limit)) } };
      },
    }),
    implement(restOperations.getTrainingJob, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const job = isUuid(params.jobId) ? await findTrainingJob(ctx.db, bot.id, params.jobId) : undefined;
        if (!job) throw notFound('training job');
        return { status: 200, body: { job: await jobView(job) } };
      },
    }),
    implement(restOperations.startTrainingJob, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 202, body: { job: await jobView(await ctx.training.start(bot, operator.id, { from: body?.from ?? 'live' })) } };
      },
    }),
    implement(restOperations.listModelVersions, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const versions = await modelVersionViews(ctx.names, await listModelVersions(ctx.db, bot.id));
        return { status: 200, body: { liveVersion: bot.activeModelVersion, versions } };
      },
    }),
    implement(restOperations.promoteModelVersion, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const overrideReason = body?.overrideReason ?? null;
        const promoted = await promoteCandidate(ctx, { bot, version: params.version, operator, overrideReason });
        return { status: 200, body: { version: await versionView(promoted) } };
      },
    }),
    implement(restOperations.rollBackModelVersion, {
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { version: await versionView(await rollBackTo(ctx, { bot, version: params.version, operator })) } };
      },
    }),
    implement(restOperations.listDeployments, {
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { deployments: await deploymentViews(ctx.names, await listDeployments(ctx.db, bot.id, query.limit)) } };
      },
    }),
  ];
}
