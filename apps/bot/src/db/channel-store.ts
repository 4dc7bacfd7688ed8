import type { ChannelKind } from '@parley/connectors';
import type { Queryable } from './database.ts';
import type { SecretBox } from '../channels/secret-box.ts';
import { isUuid } from './uuid.ts';

/** A channel as stored, secrets included: for the adapter only, never for a response or a log line. */
export interface ChannelRecord {
  id: string;
  botId: string;
  workspaceId: string;
  kind: ChannelKind;
  name: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface ChannelRow {
  id: string;
  bot_id: string;
  workspace_id: string;
  kind: ChannelKind;
  name: string;
  settings: Record<string, unknown>;
  secrets: unknown;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT c.id, c.bot_id, b.workspace_id, c.kind, c.name, c.settings, c.secrets, c.enabled, c.created_at, c.updated_at
  FROM channels c JOIN bots b ON b.id = c.bot_id`;

const toRecord = (row: ChannelRow, box: SecretBox): ChannelRecord => ({
  id: row.id,
  botId: row.bot_id,
  workspaceId: row.workspace_id,
  kind: row.kind,
  name: row.name,
  settings: row.settings,
  secrets: box.open(row.secrets),
  enabled: row.enabled,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface NewChannel {
  botId: string;
  kind: ChannelKind;
  name: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
}

export async function createChannel(db: Queryable, box: SecretBox, input: NewChannel): Promise<ChannelRecord> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO channels (bot_id, kind, name, settings, secrets) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [input.botId, input.kind, input.name, JSON.stringify(input.settings), JSON.stringify(box.seal(input.secrets))],
  );
  return (await findChannel(db, box, rows[0]!.id))!;
}

/** The channel, or undefined; an id that is not a UUID is simply not found (webhook paths are public). */
export async function findChannel(db: Queryable, box: SecretBox, id: string): Promise<ChannelRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<ChannelRow>(`${SELECT} WHERE c.id = $1`, [id]);
  return rows[0] && toRecord(rows[0], box);
}

export async function listChannels(db: Queryable, box: SecretBox, botId: string): Promise<ChannelRecord[]> {
  const { rows } = await db.query<ChannelRow>(`${SELECT} WHERE c.bot_id = $1 ORDER BY c.created_at, c.id`, [botId]);
  return rows.map((row) => toRecord(row, box));
}

export interface ChannelChange {
  name?: string;
  enabled?: boolean;
  settings?: Record<string, unknown>;
  /** Replaces the named secrets only; the others are kept. */
  secrets?: Record<string, string>;
}

/** Applies a change to `channel` as read; two admins editing the same channel at once: the last write wins. */
export async function updateChannel(db: Queryable, box: SecretBox, channel: ChannelRecord, change: ChannelChange): Promise<ChannelRecord> {
  const secrets = change.secrets ? box.seal({ ...channel.secrets, ...change.secrets }) : null;
  await db.query(
    `UPDATE channels SET name = COALESCE($2, name), enabled = COALESCE($3, enabled), settings = COALESCE($4::jsonb, settings),
       secrets = COALESCE($5::jsonb, secrets), updated_at = now() WHERE id = $1`,
    [
      channel.id,
      change.name ?? null,
      change.enabled ?? null,
      change.settings ? JSON.stringify(change.settings) : null,
      secrets && JSON.stringify(secrets),
    ],
  );
  return (await findChannel(db, box, channel.id))!;
}

/**
 * Deletes a channel nobody has written through yet; one with customers is disabled and its secrets wiped
 * instead, so their conversations keep their history. Returns what happened, or undefined when not found.
 */
export async function removeChannel(db: Queryable, id: string): Promise<'deleted' | 'disabled' | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `DELETE FROM channels c WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM visitors v WHERE v.channel_id = c.id) RETURNING id`,
    [id],
  );
  if (rows[0]) return 'deleted';
  const disabled = await db.query(`UPDATE channels SET enabled = false, secrets = '{}'::jsonb, updated_at = now() WHERE id = $1`, [id]);
  return (disabled.rowCount ?? 0) > 0 ? 'disabled' : undefined;
}
