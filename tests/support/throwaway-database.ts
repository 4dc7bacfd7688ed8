import { postgresBackend } from '@parley/bot/testing';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database on the test server (the bot tests' own backend), for one test file; `drop` removes it. */
export async function throwawayDatabase(): Promise<ThrowawayDatabase> {
  const backend = postgresBackend();
  await backend.setUp();
  const { databaseUrl } = await backend.emptyStore();
  return { url: databaseUrl!, drop: () => backend.tearDown() };
}
