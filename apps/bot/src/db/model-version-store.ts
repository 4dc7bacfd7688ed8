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
}

const COLUMNS = 'id, bot_id, version, artifact_dir, metrics, status, created_at, promoted_at, promoted_by, override_reason';

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
});

/** Records a trained artifact as a candidate of its bot. */
export async function addModelVersion(
  db: Queryable,
  input: { botId: string; version: string; artifactDir: string; metrics?: Json },
): Promise<ModelVersion> {
  const { rows } = await db.query<ModelVersionRow>(
    `INSERT INTO model_versions (bot_id, version, artifact_dir, metrics) VALUES ($1, $2, $3, $4::jsonb) RETURNING ${COLUMNS}`,
    [input.botId, input.version, input.artifactDir, JSON.stringify(input.metrics ?? {})],
  );
  return toModelVersion(rows[0]!);
}

/**
 * Makes `version` its bot's live model in one transaction: the previous live one is retired and the bot points
 * at the new one. Serving picks the change up through ModelRegistry.activate.
 */
export async function promoteModelVersion(
  db: Database,
  input: { botId: string; version: string; operatorId?: string | null; overrideReason?: string | null },
): Promise<ModelVersion> {
  return db.transaction(async (tx) => {
    await tx.query(`UPDATE model_versions SET status = 'retired' WHERE bot_id = $1 AND status = 'live' AND version <> $2`, [
      input.botId,
      input.version,
    ]);
    const { rows } = await tx.query<ModelVersionRow>(
      `UPDATE model_versions SET status = 'live', promoted_at = now(), promoted_by = $3, override_reason = $4
       WHERE bot_id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [input.botId, input.version, input.operatorId ?? null, input.overrideReason ?? null],
    );
    if (!rows[0]) throw new Error(`bot ${input.botId} has no model version ${input.version}`);
    await tx.query('UPDATE bots SET active_model_version = $2 WHERE id = $1', [input.botId, input.version]);
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
