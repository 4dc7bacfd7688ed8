import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { listDeployments, listModelVersions } from '../../db/model-version-store.ts';
import {
  deploymentSchema,
  deploymentViews,
  modelVersionInfoSchema,
  modelVersionViews,
  trainingJobSchema,
  trainingJobViews,
} from '../../training/api-views.ts';
import { promoteCandidate, rollBackTo } from '../../training/deployments.ts';
import { findTrainingJob, listTrainingJobs } from '../../training/training-job-store.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { isUuid } from '../../db/uuid.ts';
import { notFound } from '../../conversation/action-error.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';
import { queryNumber } from './query-number.ts';

const MAX_OVERRIDE_REASON = 500;

const limitQuery = (fallback: number, max: number) =>
  z.object({ limit: queryNumber(z.int().min(1).max(max), `At most ${max}; default ${fallback}`).transform((limit) => limit ?? fallback) });

const jobParamsSchema = botParamsSchema.extend({ jobId: z.string().meta({ description: 'The training job id (a UUID)' }) });
const versionParamsSchema = botParamsSchema.extend({ version: z.string().min(1).max(200).meta({ description: 'The model version' }) });

export const promoteBodySchema = z
  .strictObject({
    overrideReason: z
      .string()
      .trim()
      .min(1, 'must not be blank')
      .max(MAX_OVERRIDE_REASON)
      .optional()
      .meta({ description: 'Why to promote a candidate the evaluation gate refuses; recorded with the version and the deployment' }),
  })
  .meta({ id: 'PromoteModelVersion' });

const jobResponse = z.object({ job: trainingJobSchema });
const versionResponse = z.object({ version: modelVersionInfoSchema });

export function modelRoutes(ctx: AppContext): AnyRoute[] {
  const jobView = async (job: Parameters<typeof trainingJobViews>[1][number]) => (await trainingJobViews(ctx.names, [job]))[0]!;
  const versionView = async (version: Parameters<typeof modelVersionViews>[1][number]) =>
    (await modelVersionViews(ctx.names, [version]))[0]!;

  return [
    defineRoute({
      method: 'get',
      path: '/bots/:botId/training-jobs',
      operationId: 'listTrainingJobs',
      summary: "The bot's training jobs",
      tag: 'Models',
      access: 'operator',
      params: botParamsSchema,
      query: limitQuery(20, 100),
      responses: { 200: { description: 'Newest first', schema: z.object({ jobs: z.array(trainingJobSchema) }) } },
      errors: { 404: 'No such bot in your workspace' },
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { jobs: await trainingJobViews(ctx.names, await listTrainingJobs(ctx.db, bot.id, query.limit)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bots/:botId/training-jobs/:jobId',
      operationId: 'getTrainingJob',
      summary: 'One training job, with its evaluation report once it succeeded',
      tag: 'Models',
      access: 'operator',
      params: jobParamsSchema,
      responses: { 200: { description: 'The job', schema: jobResponse } },
      errors: { 404: 'No such bot in your workspace, or no such job of the bot' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const job = isUuid(params.jobId) ? await findTrainingJob(ctx.db, bot.id, params.jobId) : undefined;
        if (!job) throw notFound('training job');
        return { status: 200, body: { job: await jobView(job) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bots/:botId/training-jobs',
      operationId: 'startTrainingJob',
      summary: "Retrain the bot's model from its stored examples, off the request path",
      tag: 'Models',
      access: 'admin',
      params: botParamsSchema,
      responses: { 202: { description: 'Queued; follow it with `training:progress` or by polling the job', schema: jobResponse } },
      errors: { 404: 'No such bot in your workspace', 409: 'The bot already has a queued or running job' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 202, body: { job: await jobView(await ctx.training.start(bot, operator.id)) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bots/:botId/model-versions',
      operationId: 'listModelVersions',
      summary: "The bot's model versions and which one is live",
      tag: 'Models',
      access: 'operator',
      params: botParamsSchema,
      responses: {
        200: {
          description: 'Newest first',
          schema: z.object({ liveVersion: z.string().nullable(), versions: z.array(modelVersionInfoSchema) }),
        },
      },
      errors: { 404: 'No such bot in your workspace' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const versions = await modelVersionViews(ctx.names, await listModelVersions(ctx.db, bot.id));
        return { status: 200, body: { liveVersion: bot.activeModelVersion, versions } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bots/:botId/model-versions/:version/promote',
      operationId: 'promoteModelVersion',
      summary: 'Make a candidate the live model, if it passes the evaluation gate or an admin overrides it',
      tag: 'Models',
      access: 'admin',
      params: versionParamsSchema,
      body: promoteBodySchema.optional(),
      responses: { 200: { description: 'Now live', schema: versionResponse } },
      errors: {
        404: 'No such bot in your workspace, or no such version of the bot',
        409: 'The gate refuses it (its macro-F1 and the live model’s are in the message) and no overrideReason was given; or it is not a candidate',
      },
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const overrideReason = body?.overrideReason ?? null;
        const promoted = await promoteCandidate(ctx, { bot, version: params.version, operator, overrideReason });
        return { status: 200, body: { version: await versionView(promoted) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bots/:botId/model-versions/:version/rollback',
      operationId: 'rollBackModelVersion',
      summary: 'Serve an earlier live version again',
      tag: 'Models',
      access: 'admin',
      params: versionParamsSchema,
      responses: { 200: { description: 'Live again', schema: versionResponse } },
      errors: { 404: 'No such bot in your workspace, or no such version of the bot', 409: 'It is live, or has never been live' },
      async handle({ params }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { version: await versionView(await rollBackTo(ctx, { bot, version: params.version, operator })) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bots/:botId/deployments',
      operationId: 'listDeployments',
      summary: "Every change of the bot's live model: promotions with the gate's verdict, and rollbacks",
      tag: 'Models',
      access: 'operator',
      params: botParamsSchema,
      query: limitQuery(50, 200),
      responses: { 200: { description: 'Newest first', schema: z.object({ deployments: z.array(deploymentSchema) }) } },
      errors: { 404: 'No such bot in your workspace' },
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { deployments: await deploymentViews(ctx.names, await listDeployments(ctx.db, bot.id, query.limit)) } };
      },
    }),
  ];
}
