import type { Logger } from 'pino';
import { MigrationError, Umzug } from 'umzug';
import type { Database, Queryable } from './database.ts';
import { SchemaMigrationError } from './errors.ts';
import { readMigrationFiles } from './migration-files.ts';
import { SqlMigrationStorage } from './migration-storage.ts';

/** 'parley' in ASCII: the advisory lock every server takes to migrate. */
const MIGRATION_LOCK_KEY = 123563833845113;

export interface MigrateResult {
  applied: string[];
}

/**
 * Applies the pending migrations of `migrationsDir` in one transaction that first takes a transaction-level
 * advisory lock. A second server starting at the same moment waits on the lock, then finds nothing pending.
 * One transaction for the whole run means a failing migration leaves the schema exactly as it was, never
 * half-way through a run. (Statements Postgres refuses inside a transaction, such as CREATE INDEX
 * CONCURRENTLY, cannot be used in a migration.)
 */
export async function migrate(db: Database, migrationsDir: string, logger: Logger): Promise<MigrateResult> {
  const files = readMigrationFiles(migrationsDir);
  const known = new Set(files.map((file) => file.name));
  const started = performance.now();

  const { applied, unknown } = await db.transaction(async (tx) => {
    // PGlite has one user and needs no lock, but it accepts the call, so both engines run the same SQL.
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await SqlMigrationStorage.ensureTable(tx);
    const storage = new SqlMigrationStorage();
    // Asked of the storage itself: umzug's executed() lists only the migrations it has files for.
    const recorded = await storage.executed({ context: tx });
    const umzug = new Umzug<Queryable>({
      migrations: files.map((file) => ({
        name: file.name,
        path: file.path,
        up: ({ context }) => context.exec(file.sql),
      })),
      context: tx,
      storage,
      logger: undefined,
    });
    umzug.on('migrated', ({ name }) => logger.debug({ migration: name }, 'migration ran'));
    try {
      const ran = await umzug.up();
      return { applied: ran.map((migration) => migration.name), unknown: recorded.filter((name) => !known.has(name)) };
    } catch (error) {
      if (error instanceof MigrationError) throw new SchemaMigrationError(error.migration.name, { cause: error.cause });
      throw error;
    }
  });

  if (unknown.length > 0) {
    // A newer server already migrated this database: running older code against it is for a rolling deploy only.
    logger.warn({ migrations: unknown }, 'database has migrations this server does not know');
  }
  const ms = Math.round(performance.now() - started);
  if (applied.length > 0) logger.info({ engine: db.kind, applied, ms }, 'database schema migrated');
  else logger.debug({ engine: db.kind, ms }, 'database schema up to date');
  return { applied };
}
