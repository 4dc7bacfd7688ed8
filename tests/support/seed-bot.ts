import { randomBytes } from 'node:crypto';
import { openDatabase } from '@parley/bot';
import {
  addModelVersion,
  createBot,
  createWorkspace,
  promoteModelVersion,
  silentLogger,
  TEST_BOT_CONFIG,
  tinyModelDir,
} from '@parley/bot/testing';

/**
 * Migrates `databaseUrl` and seeds what a bot server process needs to answer a widget: a workspace and a bot with
 * the bot tests' answers and their tiny model live, embeddable from `allowedOrigins` only. Returns its public key.
 */
export async function seedWidgetBot(databaseUrl: string, allowedOrigins: string[]): Promise<string> {
  const db = await openDatabase({ databaseUrl, dataDir: '/nonexistent-unused-with-postgres', logger: silentLogger() });
  try {
    const workspaceId = await createWorkspace(db, 'E2E shop');
    const publicKey = `pk_e2e_${randomBytes(8).toString('hex')}`;
    const bot = await createBot(db, { workspaceId, name: 'Shop assistant', publicKey, config: { ...TEST_BOT_CONFIG, allowedOrigins } });
    const model = await tinyModelDir();
    await addModelVersion(db, { botId: bot.id, version: model.version, artifactDir: model.dir });
    await promoteModelVersion(db, { botId: bot.id, version: model.version });
    return publicKey;
  } finally {
    await db.close();
  }
}

/** How many customer messages with exactly `text` the database holds: the server-side half of "exactly once". */
export async function countCustomerMessages(databaseUrl: string, text: string): Promise<number> {
  const db = await openDatabase({ databaseUrl, dataDir: '/nonexistent-unused-with-postgres', logger: silentLogger() });
  try {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE sender = 'customer' AND text = $1`, [
      text,
    ]);
    return rows[0]!.n;
  } finally {
    await db.close();
  }
}
