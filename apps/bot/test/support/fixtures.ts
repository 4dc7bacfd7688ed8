import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../src/db/database.ts';

const unique = () => randomBytes(8).toString('hex');

export interface ConversationFixture {
  workspaceId: string;
  botId: string;
  visitorId: string;
  conversationId: string;
}

/** A workspace with one bot, one visitor and one conversation, each with fresh unique keys. */
export async function createConversation(db: Queryable): Promise<ConversationFixture> {
  const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows[0]!.id;
  const workspaceId = await one('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', ['Acme']);
  const botId = await one('INSERT INTO bots (workspace_id, name, public_key) VALUES ($1, $2, $3) RETURNING id', [
    workspaceId,
    'Support',
    `pk_${unique()}`,
  ]);
  const visitorId = await one('INSERT INTO visitors (bot_id, token_hash) VALUES ($1, $2) RETURNING id', [botId, unique()]);
  const conversationId = await one('INSERT INTO conversations (bot_id, visitor_id) VALUES ($1, $2) RETURNING id', [botId, visitorId]);
  return { workspaceId, botId, visitorId, conversationId };
}

export async function createOperator(db: Queryable, workspaceId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO operators (workspace_id, email, display_name, password_hash, role) VALUES ($1, $2, 'Ann', 'x', 'agent') RETURNING id`,
    [workspaceId, `ann-${unique()}@example.com`],
  );
  return rows[0]!.id;
}
