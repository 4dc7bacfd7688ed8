import {
  modelBackendSchema,
  scoresSchema,
  type Deployment as DeploymentView,
  type ModelVersionInfo,
  type OperatorRef,
  type TrainingJob,
} from '@parley/protocol';
import { z } from 'zod';
import type { OperatorNames } from '../conversation/operator-names.ts';
import type { Deployment, ModelVersion } from '../db/model-version-store.ts';
import type { TrainingJobRecord } from '../db/training-job-store.ts';

// The REST API's views of training jobs, model versions and deployments; their schemas are @parley/protocol's
// (rest/models.ts; apps/console/API.md, "Retraining").

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;
const refOf = (refs: Map<string, OperatorRef>, id: string | null): OperatorRef | null => (id === null ? null : (refs.get(id) ?? null));

export async function trainingJobViews(names: OperatorNames, jobs: readonly TrainingJobRecord[]): Promise<TrainingJob[]> {
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
// Metrics of a task a Hugging Face classifier serves name its kind (train() in @parley/model); trained heads' do not.
const backendOf = (report: unknown) =>
  modelBackendSchema.catch('heads').parse((report as { backend?: unknown } | undefined)?.backend ?? 'heads');
const taskMetricsSchema = z.object({ intent: z.unknown().optional(), sentiment: z.unknown().optional() });

function versionBackends(metrics: unknown): ModelVersionInfo['backends'] {
  const tasks = taskMetricsSchema.safeParse(metrics).data ?? {};
  return { intent: backendOf(tasks.intent), sentiment: tasks.sentiment === undefined ? null : backendOf(tasks.sentiment) };
}

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
      backends: versionBackends(version.metrics),
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
