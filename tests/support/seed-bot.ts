import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '@parley/bot';
import {
  addModelVersion,
  createBot,
  createWorkspace,
  promoteModelVersion,
  silentLogger,
  TEST_BOT_CONFIG,
  tinyModelDir,
} from '@parley/bot/testing';

export interface SeededBot {
  workspaceId: string;
  botId: string;
  /** What the widget's `data-bot` carries. */
  publicKey: string;
}

/** Runs `work` on `databaseUrl` (migrated on open) and closes the connection, whatever happens. */
export async function withDatabase<T>(databaseUrl: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl, dataDir: '/nonexistent-unused-with-postgres', logger: silentLogger() });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/**
 * Seeds what a bot server process needs to answer a widget: a workspace and a bot with the bot tests' answers and
 * their tiny model live, embeddable from `allowedOrigins` only.
 */
export async function seedBot(db: Database, allowedOrigins: string[]): Promise<SeededBot> {
  const workspaceId = await createWorkspace(db, 'E2E shop');
  const publicKey = `pk_e2e_${randomBytes(8).toString('hex')}`;
  const bot = await createBot(db, { workspaceId, name: 'Shop assistant', publicKey, config: { ...TEST_BOT_CONFIG, allowedOrigins } });
  const model = await tinyModelDir();
  await addModelVersion(db, { botId: bot.id, version: model.version, artifactDir: model.dir });
  await promoteModelVersion(db, { botId: bot.id, version: model.version });
  return { workspaceId, botId: bot.id, publicKey };
}

/** seedBot on its own connection; returns the public key. */
export function seedWidgetBot(databaseUrl: string, allowedOrigins: string[]): Promise<string> {
  return withDatabase(databaseUrl, async (db) => (await seedBot(db, allowedOrigins)).publicKey);
}

/** How many customer messages with exactly `text` the database holds: the server-side half of "exactly once". */
export function countCustomerMessages(databaseUrl: string, text: string): Promise<number> {
  return withDatabase(databaseUrl, async (db) => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE sender = 'customer' AND text = $1`, [
      text,
    ]);
    return rows[0]!.n;
  });
}
