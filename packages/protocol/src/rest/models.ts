import * as z from 'zod';
import { operatorRefSchema, trainingJobStatusSchema } from '../operator-events.ts';
import { botParamsSchema } from './bot-params.ts';
import { comparisonSchema, scoresSchema } from './model-reports.ts';
import { defineOperation } from './operation.ts';
import { timestampStringSchema, uuidSchema } from './primitives.ts';
import { queryNumber } from './query-number.ts';

// What the REST API shows of training jobs, model versions and deployments (apps/console/API.md, "Retraining").

const fraction = z.number().min(0).max(1);

export const trainingJobSchema = z
  .object({
    id: uuidSchema,
    botId: uuidSchema,
    status: trainingJobStatusSchema,
    stage: z.string(),
    fraction,
    message: z.string().nullable(),
    error: z.string().nullable().meta({ description: 'Why the job failed, for people' }),
    candidateVersion: z.string().nullable().meta({ description: 'The model version the job produced (a candidate until promoted)' }),
    liveVersion: z.string().nullable().meta({ description: 'The live model the candidate was compared with' }),
    requestedBy: operatorRefSchema.nullable(),
    createdAt: timestampStringSchema,
    startedAt: timestampStringSchema.nullable(),
    finishedAt: timestampStringSchema.nullable(),
    report: comparisonSchema.nullable().meta({ description: 'Set once the job succeeded' }),
  })
  .meta({ id: 'TrainingJob' });

export const modelVersionStatusSchema = z.enum(['candidate', 'live', 'retired']);

/** What serves a task: heads trained on the sentence encoder, or a Hugging Face classifier (transformers.js). */
export const modelBackendSchema = z.enum(['heads', 'text-classification', 'zero-shot']).meta({ id: 'ModelBackend' });

export const modelVersionInfoSchema = z
  .object({
    version: z.string(),
    status: modelVersionStatusSchema,
    createdAt: timestampStringSchema,
    promotedAt: timestampStringSchema.nullable().meta({ description: 'When it last went live' }),
    promotedBy: operatorRefSchema.nullable(),
    overrideReason: z.string().nullable().meta({ description: 'Why it was promoted although it failed the evaluation gate' }),
    trainExamples: z.int().min(0).meta({ description: 'Intent examples it was trained on (its validation slice included)' }),
    evaluation: scoresSchema.nullable().meta({ description: 'Its held-out intent scores from the job that trained it' }),
    backends: z
      .object({ intent: modelBackendSchema, sentiment: modelBackendSchema.nullable() })
      .meta({ description: 'What serves each task of this version; sentiment is null when the version has no sentiment model' }),
    jobId: uuidSchema.nullable(),
    wasLive: z.boolean().meta({ description: 'Has served at some point: a version a rollback may return to unless it is live now' }),
  })
  .meta({ id: 'ModelVersionInfo' });

export const deploymentActionSchema = z.enum(['promote', 'rollback']);

export const deploymentSchema = z
  .object({
    version: z.string(),
    previousVersion: z.string().nullable(),
    action: deploymentActionSchema,
    gatePassed: z.boolean().nullable().meta({ description: 'The evaluation gate’s verdict; null for rollbacks' }),
    overrideReason: z.string().nullable(),
    by: operatorRefSchema.nullable(),
    at: timestampStringSchema,
  })
  .meta({ id: 'Deployment' });

/** Longest reason an admin may give for promoting a candidate the gate refuses. */
export const MAX_OVERRIDE_REASON = 500;

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

const limitQuery = (fallback: number, max: number) =>
  z.object({ limit: queryNumber(z.int().min(1).max(max), `At most ${max}; default ${fallback}`).transform((limit) => limit ?? fallback) });

export const trainingJobParamsSchema = botParamsSchema.extend({ jobId: z.string().meta({ description: 'The training job id (a UUID)' }) });
export const modelVersionParamsSchema = botParamsSchema.extend({
  version: z.string().min(1).max(200).meta({ description: 'The model version' }),
});

export const trainingJobListSchema = z.object({ jobs: z.array(trainingJobSchema) });
export const trainingJobResponseSchema = z.object({ job: trainingJobSchema });
export const newTrainingJobSchema = z
  .strictObject({
    from: z
      .enum(['live', 'scratch'])
      .default('live')
      .meta({
        description:
          "'live': each head whose shape still fits starts from the live model's weights and stops once an epoch no longer improves " +
          "them (a retrain takes a fraction of the time). 'scratch': random weights and the full schedule, as the first model had; " +
          'then removed examples leave no trace in the weights.',
      }),
  })
  .meta({ id: 'NewTrainingJob' });
export type NewTrainingJob = z.input<typeof newTrainingJobSchema>;
export const modelVersionListSchema = z.object({ liveVersion: z.string().nullable(), versions: z.array(modelVersionInfoSchema) });
export const modelVersionResponseSchema = z.object({ version: modelVersionInfoSchema });
export const deploymentListSchema = z.object({ deployments: z.array(deploymentSchema) });

export type TrainingJob = z.infer<typeof trainingJobSchema>;
export type ModelVersionStatus = z.infer<typeof modelVersionStatusSchema>;
export type ModelVersionInfo = z.infer<typeof modelVersionInfoSchema>;
export type ModelBackend = z.infer<typeof modelBackendSchema>;
export type Deployment = z.infer<typeof deploymentSchema>;
export type PromoteModelVersion = z.input<typeof promoteBodySchema>;

export const modelOperations = {
  listTrainingJobs: defineOperation({
    method: 'get',
    path: '/bots/:botId/training-jobs',
    operationId: 'listTrainingJobs',
    summary: "The bot's training jobs",
    tag: 'Models',
    access: 'operator',
    params: botParamsSchema,
    query: limitQuery(20, 100),
    responses: { 200: { description: 'Newest first', schema: trainingJobListSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
  getTrainingJob: defineOperation({
    method: 'get',
    path: '/bots/:botId/training-jobs/:jobId',
    operationId: 'getTrainingJob',
    summary: 'One training job, with its evaluation report once it succeeded',
    tag: 'Models',
    access: 'operator',
    params: trainingJobParamsSchema,
    responses: { 200: { description: 'The job', schema: trainingJobResponseSchema } },
    errors: { 404: 'No such bot in your workspace, or no such job of the bot' },
  }),
  startTrainingJob: defineOperation({
    method: 'post',
    path: '/bots/:botId/training-jobs',
    operationId: 'startTrainingJob',
    summary: "Retrain the bot's model from its stored examples, off the request path",
    tag: 'Models',
    access: 'admin',
    params: botParamsSchema,
    body: newTrainingJobSchema.optional(),
    responses: {
      202: { description: 'Queued; follow it with `training:progress` or by polling the job', schema: trainingJobResponseSchema },
    },
    errors: { 404: 'No such bot in your workspace', 409: 'The bot already has a queued or running job' },
  }),
  listModelVersions: defineOperation({
    method: 'get',
    path: '/bots/:botId/model-versions',
    operationId: 'listModelVersions',
    summary: "The bot's model versions and which one is live",
    tag: 'Models',
    access: 'operator',
    params: botParamsSchema,
    responses: { 200: { description: 'Newest first', schema: modelVersionListSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
  promoteModelVersion: defineOperation({
    method: 'post',
    path: '/bots/:botId/model-versions/:version/promote',
    operationId: 'promoteModelVersion',
    summary: 'Make a candidate the live model, if it passes the evaluation gate or an admin overrides it',
    tag: 'Models',
    access: 'admin',
    params: modelVersionParamsSchema,
    body: promoteBodySchema.optional(),
    responses: { 200: { description: 'Now live', schema: modelVersionResponseSchema } },
    errors: {
      404: 'No such bot in your workspace, or no such version of the bot',
      409: 'The gate refuses it (its macro-F1 and the live model’s are in the message) and no overrideReason was given; or it is not a candidate',
    },
  }),
  rollBackModelVersion: defineOperation({
    method: 'post',
    path: '/bots/:botId/model-versions/:version/rollback',
    operationId: 'rollBackModelVersion',
    summary: 'Serve an earlier live version again',
    tag: 'Models',
    access: 'admin',
    params: modelVersionParamsSchema,
    responses: { 200: { description: 'Live again', schema: modelVersionResponseSchema } },
    errors: { 404: 'No such bot in your workspace, or no such version of the bot', 409: 'It is live, or has never been live' },
  }),
  listDeployments: defineOperation({
    method: 'get',
    path: '/bots/:botId/deployments',
    operationId: 'listDeployments',
    summary: "Every change of the bot's live model: promotions with the gate's verdict, and rollbacks",
    tag: 'Models',
    access: 'operator',
    params: botParamsSchema,
    query: limitQuery(50, 200),
    responses: { 200: { description: 'Newest first', schema: deploymentListSchema } },
    errors: { 404: 'No such bot in your workspace' },
  }),
};
