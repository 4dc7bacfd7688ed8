import type { Json } from './message.ts';
import type { Database, Queryable } from './database.ts';

export type ModelVersionStatus = 'candidate' | 'live' | 'retired';

export interface ModelVersion {
  id: string;
  botId: string;
  version: string;
  artifactDir: string;
  metrics: Json;
  status: ModelVersionStatus;
  createdAt: Date;
  promotedAt: Date | null;
  promotedBy: string | null;
  overrideReason: string | null;
  /** The held-out scores of the job that trained it (a Scores object); null for versions trained elsewhere. */
  evaluation: Json | null;
  trainingJobId: string | null;
}

interface ModelVersionRow {
  id: string;
  bot_id: string;
  version: string;
  artifact_dir: string;
  metrics: Json;
  status: ModelVersionStatus;
  created_at: Date;
  promoted_at: Date | null;
  promoted_by: string | null;
  override_reason: string | null;
  evaluation: Json | null;
  training_job_id: string | null;
}

const COLUMNS =
  'id, bot_id, version, artifact_dir, metrics, status, created_at, promoted_at, promoted_by, override_reason, evaluation, training_job_id';

const toModelVersion = (row: ModelVersionRow): ModelVersion => ({
  id: row.id,
  botId: row.bot_id,
  version: row.version,
  artifactDir: row.artifact_dir,
  metrics: row.metrics,
  status: row.status,
  createdAt: row.created_at,
  promotedAt: row.promoted_at,
  promotedBy: row.promoted_by,
  overrideReason: row.override_reason,
  evaluation: row.evaluation,
  trainingJobId: row.training_job_id,
});

/** Records a trained artifact as a candidate of its bot. */
export async function addModelVersion(
  db: Queryable,
  input: { botId: string; version: string; artifactDir: string; metrics?: Json; evaluation?: Json; trainingJobId?: string },
): Promise<ModelVersion> {
  const { rows } = await db.query<ModelVersionRow>(
    `INSERT INTO model_versions (bot_id, version, artifact_dir, metrics, evaluation, training_job_id)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6) RETURNING ${COLUMNS}`,
    [
      input.botId,
      input.version,
      input.artifactDir,
      JSON.stringify(input.metrics ?? {}),
      input.evaluation === undefined ? null : JSON.stringify(input.evaluation),
      input.trainingJobId ?? null,
    ],
  );
  return toModelVersion(rows[0]!);
}

export type DeploymentAction = 'promote' | 'rollback';

export interface PromoteInput {
  botId: string;
  version: string;
  operatorId?: string | null;
  overrideReason?: string | null;
  /** A promotion (the default) or a return to an earlier live version. */
  action?: DeploymentAction;
  /** The evaluation gate's verdict; null when none was asked (a rollback, the demo's first model). */
  gatePassed?: boolean | null;
}

/**
 * Makes `version` its bot's live model in one transaction: the previous live one is retired, the bot points at
 * the new one, and the change is recorded in model_deployments. Serving picks the change up through
 * ModelRegistry.activate.
 */
export async function promoteModelVersion(db: Database, input: PromoteInput): Promise<ModelVersion> {
  return db.transaction(async (tx) => {
    const { rows: bots } = await tx.query<{ active_model_version: string | null }>(
      'SELECT active_model_version FROM bots WHERE id = $1 FOR UPDATE',
      [input.botId],
    );
    await tx.query(`UPDATE model_versions SET status = 'retired' WHERE bot_id = $1 AND status = 'live' AND version <> $2`, [
      input.botId,
      input.version,
    ]);
    const { rows } = await tx.query<ModelVersionRow>(
      // A rollback keeps the reason the version was once promoted with; its own row in model_deployments has none.
      `UPDATE model_versions SET status = 'live', promoted_at = now(), promoted_by = $3,
         override_reason = CASE WHEN $5::text = 'rollback' THEN override_reason ELSE $4 END
       WHERE bot_id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [input.botId, input.version, input.operatorId ?? null, input.overrideReason ?? null, input.action ?? 'promote'],
    );
    if (!rows[0]) throw new Error(`bot ${input.botId} has no model version ${input.version}`);
    await tx.query('UPDATE bots SET active_model_version = $2 WHERE id = $1', [input.botId, input.version]);
    await tx.query(
      `INSERT INTO model_deployments (bot_id, version, previous_version, action, gate_passed, override_reason, operator_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        input.botId,
        input.version,
        bots[0]?.active_model_version ?? null,
        input.action ?? 'promote',
        input.gatePassed ?? null,
        input.overrideReason ?? null,
        input.operatorId ?? null,
      ],
    );
    return toModelVersion(rows[0]);
  });
}

export async function findModelVersion(db: Queryable, botId: string, version: string): Promise<ModelVersion | undefined> {
  const { rows } = await db.query<ModelVersionRow>(`SELECT ${COLUMNS} FROM model_versions WHERE bot_id = $1 AND version = $2`, [
    botId,
    version,
  ]);
  return rows[0] && toModelVersion(rows[0]);
}

export async function listModelVersions(db: Queryable, botId: string): Promise<ModelVersion[]> {
  const { rows } = await db.query<ModelVersionRow>(`SELECT ${COLUMNS} FROM model_versions WHERE bot_id = $1 ORDER BY created_at DESC`, [
    botId,
  ]);
  return rows.map(toModelVersion);
}

export interface Deployment {
  version: string;
  previousVersion: string | null;
  action: DeploymentAction;
  gatePassed: boolean | null;
  overrideReason: string | null;
  operatorId: string | null;
  at: Date;
}

/** Every change of the bot's live model, newest first. */
export async function listDeployments(db: Queryable, botId: string, limit: number): Promise<Deployment[]> {
  const { rows } = await db.query<{
    version: string;
    previous_version: string | null;
    action: DeploymentAction;
    gate_passed: boolean | null;
    override_reason: string | null;
    operator_id: string | null;
    created_at: Date;
  }>(
    `SELECT version, previous_version, action, gate_passed, override_reason, operator_id, created_at FROM model_deployments
     WHERE bot_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [botId, limit],
  );
  return rows.map((row) => ({
    version: row.version,
    previousVersion: row.previous_version,
    action: row.action,
    gatePassed: row.gate_passed,
    overrideReason: row.override_reason,
    operatorId: row.operator_id,
    at: row.created_at,
  }));
}

/** Every bot's live model version and where its artifact is. */
export async function listLiveModels(db: Queryable): Promise<{ botId: string; version: string; artifactDir: string }[]> {
  const { rows } = await db.query<{ bot_id: string; version: string; artifact_dir: string }>(
    `SELECT b.id AS bot_id, m.version, m.artifact_dir FROM bots b
     JOIN model_versions m ON m.bot_id = b.id AND m.version = b.active_model_version`,
  );
  return rows.map((row) => ({ botId: row.bot_id, version: row.version, artifactDir: row.artifact_dir }));
}
