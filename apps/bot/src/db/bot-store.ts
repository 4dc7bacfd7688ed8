import type { Queryable } from './database.ts';

export interface Bot {
  id: string;
  workspaceId: string;
  name: string;
  /** Identifies the bot to the web widget; not a secret. */
  publicKey: string;
  /** Raw `bots.config`; parse the engine's part with parseBotConfig and the widget's with parseWidgetSettings. */
  config: Record<string, unknown>;
  activeModelVersion: string | null;
}

interface BotRow {
  id: string;
  workspace_id: string;
  name: string;
  public_key: string;
  config: Record<string, unknown>;
  active_model_version: string | null;
}

const COLUMNS = 'id, workspace_id, name, public_key, config, active_model_version';

const toBot = (row: BotRow): Bot => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  publicKey: row.public_key,
  config: row.config,
  activeModelVersion: row.active_model_version,
});

export async function createWorkspace(db: Queryable, name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]);
  return rows[0]!.id;
}

export async function createBot(
  db: Queryable,
  input: { workspaceId: string; name: string; publicKey: string; config: Record<string, unknown> },
): Promise<Bot> {
  const { rows } = await db.query<BotRow>(
    `INSERT INTO bots (workspace_id, name, public_key, config) VALUES ($1, $2, $3, $4::jsonb) RETURNING ${COLUMNS}`,
    [input.workspaceId, input.name, input.publicKey, JSON.stringify(input.config)],
  );
  return toBot(rows[0]!);
}

export async function findBot(db: Queryable, id: string): Promise<Bot | undefined> {
  const { rows } = await db.query<BotRow>(`SELECT ${COLUMNS} FROM bots WHERE id = $1`, [id]);
  return rows[0] && toBot(rows[0]);
}

export async function findBotByPublicKey(db: Queryable, publicKey: unknown): Promise<Bot | undefined> {
  if (typeof publicKey !== 'string' || publicKey.length === 0 || publicKey.length > 200) return undefined;
  const { rows } = await db.query<BotRow>(`SELECT ${COLUMNS} FROM bots WHERE public_key = $1`, [publicKey]);
  return rows[0] && toBot(rows[0]);
}

export async function listBots(db: Queryable, workspaceId?: string): Promise<Bot[]> {
  const { rows } = workspaceId
    ? await db.query<BotRow>(`SELECT ${COLUMNS} FROM bots WHERE workspace_id = $1 ORDER BY created_at`, [workspaceId])
    : await db.query<BotRow>(`SELECT ${COLUMNS} FROM bots ORDER BY created_at`);
  return rows.map(toBot);
}

export async function updateBotConfig(db: Queryable, botId: string, config: Record<string, unknown>): Promise<void> {
  await db.query('UPDATE bots SET config = $2::jsonb WHERE id = $1', [botId, JSON.stringify(config)]);
}

/**
 * The bot's raw `bots.config`, read with the row locked until the caller's transaction ends, so that edits of
 * the same bot run one after another. NO KEY UPDATE, so new conversations of the bot (which only reference the
 * row) are not held up.
 */
export async function lockBotConfig(tx: Queryable, botId: string): Promise<Record<string, unknown>> {
  const { rows } = await tx.query<{ config: Record<string, unknown> }>('SELECT config FROM bots WHERE id = $1 FOR NO KEY UPDATE', [botId]);
  return rows[0]!.config;
}
