import { comparisonSchema, type Comparison, type TrainingJobStatus } from '@parley/protocol';
import { z } from 'zod';
import type { Queryable } from './database.ts';
import type { JobProgress } from '../training/training-protocol.ts';

export interface TrainingJobRecord {
  id: string;
  botId: string;
  status: TrainingJobStatus;
  progress: JobProgress;
  error: string | null;
  candidateVersion: string | null;
  liveVersion: string | null;
  requestedBy: string | null;
  report: Comparison | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface TrainingJobRow {
  id: string;
  bot_id: string;
  status: TrainingJobStatus;
  progress: unknown;
  error: string | null;
  model_version: string | null;
  live_version: string | null;
  requested_by: string | null;
  report: unknown;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS =
  'id, bot_id, status, progress, error, model_version, live_version, requested_by, report, created_at, started_at, finished_at';

// Stored JSON is read defensively: a row written by an older server shows as "no progress"/"no report", never a 500.
const storedProgressSchema = z.object({
  stage: z.string(),
  fraction: z.number().min(0).max(1),
  message: z.string().nullable().default(null),
});

const toRecord = (row: TrainingJobRow): TrainingJobRecord => ({
  id: row.id,
  botId: row.bot_id,
  status: row.status,
  progress: storedProgressSchema.safeParse(row.progress).data ?? {
    stage: row.status,
    fraction: row.status === 'succeeded' ? 1 : 0,
    message: null,
  },
  error: row.error,
  candidateVersion: row.model_version,
  liveVersion: row.live_version,
  requestedBy: row.requested_by,
  report: row.report === null ? null : (comparisonSchema.safeParse(row.report).data ?? null),
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

/** The partial unique index that allows one queued or running job per bot. */
export const ONE_ACTIVE_JOB_INDEX = 'training_jobs_one_active_per_bot';

/** Queues a job; fails with a unique violation on ONE_ACTIVE_JOB_INDEX when the bot already has one. */
export async function insertTrainingJob(db: Queryable, input: { botId: string; requestedBy: string | null; progress: JobProgress }) {
  const { rows } = await db.query<TrainingJobRow>(
    `INSERT INTO training_jobs (bot_id, requested_by, progress) VALUES ($1, $2, $3::jsonb) RETURNING ${COLUMNS}`,
    [input.botId, input.requestedBy, JSON.stringify(input.progress)],
  );
  return toRecord(rows[0]!);
}

export async function markTrainingJobRunning(db: Queryable, id: string, input: { liveVersion: string | null; progress: JobProgress }) {
  await db.query(
    `UPDATE training_jobs SET status = 'running', started_at = now(), live_version = $2, progress = $3::jsonb WHERE id = $1 AND status = 'queued'`,
    [id, input.liveVersion, JSON.stringify(input.progress)],
  );
}

/** Stores progress while the job runs; a late write can never overwrite a finished job's state. */
export async function saveTrainingJobProgress(db: Queryable, id: string, progress: JobProgress): Promise<void> {
  await db.query(`UPDATE training_jobs SET progress = $2::jsonb WHERE id = $1 AND status = 'running'`, [id, JSON.stringify(progress)]);
}

export async function markTrainingJobSucceeded(
  db: Queryable,
  id: string,
  input: { candidateVersion: string; report: Comparison; progress: JobProgress },
): Promise<void> {
  await db.query(
    `UPDATE training_jobs SET status = 'succeeded', finished_at = now(), model_version = $2, report = $3::jsonb, progress = $4::jsonb
     WHERE id = $1`,
    [id, input.candidateVersion, JSON.stringify(input.report), JSON.stringify(input.progress)],
  );
}

export async function markTrainingJobFailed(db: Queryable, id: string, input: { error: string; progress: JobProgress }): Promise<void> {
  await db.query(
    `UPDATE training_jobs SET status = 'failed', finished_at = now(), error = $2, progress = $3::jsonb
     WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, input.error, JSON.stringify(input.progress)],
  );
}

/** Fails every queued or running job: on start, those belonged to a server process that is gone. */
export async function failUnfinishedTrainingJobs(db: Queryable, error: string): Promise<TrainingJobRecord[]> {
  const { rows } = await db.query<TrainingJobRow>(
    `UPDATE training_jobs SET status = 'failed', finished_at = now(), error = $1,
       progress = jsonb_build_object('stage', 'failed', 'fraction', COALESCE((progress->>'fraction')::float8, 0), 'message', NULL)
     WHERE status IN ('queued', 'running') RETURNING ${COLUMNS}`,
    [error],
  );
  return rows.map(toRecord);
}

/** Queued or running jobs, oldest first: a node with a shared queue checks each against the queue at start. */
export async function unfinishedTrainingJobs(db: Queryable): Promise<TrainingJobRecord[]> {
  const { rows } = await db.query<TrainingJobRow>(
    `SELECT ${COLUMNS} FROM training_jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id`,
  );
  return rows.map(toRecord);
}

/** Fails one job if it is still queued or running; returns it when this call failed it, so it is announced once per caller. */
export async function failUnfinishedTrainingJob(db: Queryable, id: string, error: string): Promise<TrainingJobRecord | undefined> {
  const { rows } = await db.query<TrainingJobRow>(
    `UPDATE training_jobs SET status = 'failed', finished_at = now(), error = $2,
       progress = jsonb_build_object('stage', 'failed', 'fraction', COALESCE((progress->>'fraction')::float8, 0), 'message', NULL)
     WHERE id = $1 AND status IN ('queued', 'running') RETURNING ${COLUMNS}`,
    [id, error],
  );
  return rows[0] && toRecord(rows[0]);
}

export async function findTrainingJob(db: Queryable, botId: string, id: string): Promise<TrainingJobRecord | undefined> {
  const { rows } = await db.query<TrainingJobRow>(`SELECT ${COLUMNS} FROM training_jobs WHERE bot_id = $1 AND id = $2`, [botId, id]);
  return rows[0] && toRecord(rows[0]);
}

/** Newest first. */
export async function listTrainingJobs(db: Queryable, botId: string, limit: number): Promise<TrainingJobRecord[]> {
  const { rows } = await db.query<TrainingJobRow>(
    `SELECT ${COLUMNS} FROM training_jobs WHERE bot_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [botId, limit],
  );
  return rows.map(toRecord);
}

/** The job that produced a model version, if one did. */
export async function findTrainingJobOfVersion(db: Queryable, botId: string, version: string): Promise<TrainingJobRecord | undefined> {
  const { rows } = await db.query<TrainingJobRow>(`SELECT ${COLUMNS} FROM training_jobs WHERE bot_id = $1 AND model_version = $2`, [
    botId,
    version,
  ]);
  return rows[0] && toRecord(rows[0]);
}
