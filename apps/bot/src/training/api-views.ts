import { operatorRefSchema, trainingJobStatusSchema, type OperatorRef } from '@parley/protocol';
import { z } from 'zod';
import type { OperatorNames } from '../conversation/operator-names.ts';
import type { Deployment, ModelVersion } from '../db/model-version-store.ts';
import { timestampStringSchema, uuidSchema } from '@parley/protocol';
import { comparisonSchema } from './comparison.ts';
import { scoresSchema } from './scores.ts';
import type { TrainingJobRecord } from './training-job-store.ts';

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

export const modelVersionInfoSchema = z
  .object({
    version: z.string(),
    status: z.enum(['candidate', 'live', 'retired']),
    createdAt: timestampStringSchema,
    promotedAt: timestampStringSchema.nullable().meta({ description: 'When it last went live' }),
    promotedBy: operatorRefSchema.nullable(),
    overrideReason: z.string().nullable().meta({ description: 'Why it was promoted although it failed the evaluation gate' }),
    trainExamples: z.int().min(0).meta({ description: 'Intent examples it was trained on (its validation slice included)' }),
    evaluation: scoresSchema.nullable().meta({ description: 'Its held-out intent scores from the job that trained it' }),
    jobId: uuidSchema.nullable(),
    wasLive: z.boolean().meta({ description: 'Has served at some point: a version a rollback may return to unless it is live now' }),
  })
  .meta({ id: 'ModelVersionInfo' });

export const deploymentSchema = z
  .object({
    version: z.string(),
    previousVersion: z.string().nullable(),
    action: z.enum(['promote', 'rollback']),
    gatePassed: z.boolean().nullable().meta({ description: 'The evaluation gate’s verdict; null for rollbacks' }),
    overrideReason: z.string().nullable(),
    by: operatorRefSchema.nullable(),
    at: timestampStringSchema,
  })
  .meta({ id: 'Deployment' });

export type TrainingJobView = z.infer<typeof trainingJobSchema>;
export type ModelVersionInfo = z.infer<typeof modelVersionInfoSchema>;
export type DeploymentView = z.infer<typeof deploymentSchema>;

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;
const refOf = (refs: Map<string, OperatorRef>, id: string | null): OperatorRef | null => (id === null ? null : (refs.get(id) ?? null));

export async function trainingJobViews(names: OperatorNames, jobs: readonly TrainingJobRecord[]): Promise<TrainingJobView[]> {
  const refs = await names.refs(jobs.map((job) => job.requestedBy));
  return jobs.map((job) => ({
    id: job.id,
    botId: job.botId,
    status: job.status,
    stage: job.progress.stage,
    fraction: job.progress.fraction,
    message: job.progress.message,
    error: job.error,
    candidateVersion: job.candidateVersion,
    liveVersion: job.liveVersion,
    requestedBy: refOf(refs, job.requestedBy),
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    report: job.report,
  }));
}

const trainedOnSchema = z.object({ intent: z.object({ trainExamples: z.int(), validationExamples: z.int().default(0) }) });

export async function modelVersionViews(names: OperatorNames, versions: readonly ModelVersion[]): Promise<ModelVersionInfo[]> {
  const refs = await names.refs(versions.map((version) => version.promotedBy));
  return versions.map((version) => {
    const trainedOn = trainedOnSchema.safeParse(version.metrics).data?.intent;
    return {
      version: version.version,
      status: version.status,
      createdAt: version.createdAt.toISOString(),
      promotedAt: iso(version.promotedAt),
      promotedBy: refOf(refs, version.promotedBy),
      overrideReason: version.overrideReason,
      trainExamples: trainedOn ? trainedOn.trainExamples + trainedOn.validationExamples : 0,
      evaluation: scoresSchema.safeParse(version.evaluation).data ?? null,
      jobId: version.trainingJobId,
      wasLive: version.promotedAt !== null,
    };
  });
}

export async function deploymentViews(names: OperatorNames, deployments: readonly Deployment[]): Promise<DeploymentView[]> {
  const refs = await names.refs(deployments.map((deployment) => deployment.operatorId));
  return deployments.map(({ operatorId, at, ...deployment }) => ({
    ...deployment,
    by: refOf(refs, operatorId),
    at: at.toISOString(),
  }));
}
