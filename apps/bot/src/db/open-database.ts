import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { defaultMigrationsDir } from './migration-files.ts';
import { openPGlite } from './pglite-database.ts';
import { connectPostgres } from './postgres-database.ts';
import { redactUrl } from './redact-url.ts';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection URL (`postgres://` or `postgresql://`). Unset or blank: embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (`<dataDir>/pgdata`); unused with `databaseUrl`. */
  dataDir: string;
  logger: Logger;
  /** Overrides apps/bot/migrations, for tests of the migrator. */
  migrationsDir?: string;
  /** PostgreSQL only: named (prepared) statements; default on. */
  preparedStatements?: boolean | undefined;
}

// Messages name the URL only redacted: zod's own messages could echo a password into logs.
const options = z.object({
  databaseUrl: z
    .string()
    .optional()
    .transform((url) => (url?.trim() ? url.trim() : undefined))
    .superRefine((url, ctx) => {
      if (url === undefined) return;
      let protocol: string | undefined;
      try {
        protocol = new URL(url).protocol;
      } catch {
        protocol = undefined;
      }
      if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
        ctx.addIssue({ code: 'custom', message: `databaseUrl ${redactUrl(url)} is not a postgres:// or postgresql:// URL` });
      }
    }),
  dataDir: z.string().trim().min(1, 'dataDir is required (PGlite keeps its files there)'),
  migrationsDir: z.string().min(1).optional(),
});

/**
 * The server's database: PostgreSQL when a URL is given, otherwise PGlite under `dataDir`. Either way the schema
 * is migrated before this resolves, and a database that cannot be reached fails here with its URL (password
 * masked) in the message.
 */
export async function openDatabase(input: OpenDatabaseOptions): Promise<Database> {
  const parsed = options.safeParse({ databaseUrl: input.databaseUrl, dataDir: input.dataDir, migrationsDir: input.migrationsDir });
  if (!parsed.success) throw new Error(`invalid database options: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  const { databaseUrl, dataDir, migrationsDir = defaultMigrationsDir } = parsed.data;
  const logger = input.logger;

  const db = databaseUrl
    ? await connectPostgres(databaseUrl, logger, { preparedStatements: input.preparedStatements ?? true })
    : await openPGlite(dataDir, logger);
  try {
    await migrate(db, migrationsDir, logger);
  } catch (error) {
    await db
      .close()
      .catch((closeError: unknown) => logger.warn({ err: closeError }, 'closing the database after a failed migration failed'));
    throw error;
  }
  logger.info(
    db.kind === 'postgres' ? { engine: db.kind, database: redactUrl(databaseUrl!) } : { engine: db.kind, dataDir },
    'database ready',
  );
  return db;
}
