import type { Logger } from 'pino';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { postgresBackend } from '../../test/support/engines.ts';

export interface BenchPostgres {
  db: Database;
  /** Closes the database and drops it. */
  close(): Promise<void>;
}

/**
 * A migrated database of the bench's own on the tests' PostgreSQL server (PARLEY_TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test), made and dropped the way the storage tests do it.
 */
export async function openBenchPostgres(logger: Logger): Promise<BenchPostgres> {
  const backend = postgresBackend();
  await backend.setUp();
  try {
    const db = await openDatabase({ ...(await backend.emptyStore()), logger });
    return {
      db,
      async close() {
        await db.close();
        await backend.tearDown();
      },
    };
  } catch (error) {
    await backend.tearDown();
    throw error;
  }
}
