import type { UmzugStorage } from 'umzug';
import type { Queryable } from './database.ts';

/**
 * Umzug's record of applied migrations, kept in `schema_migrations` through whatever Queryable umzug passes as
 * context: the migration transaction, so a migration and its record commit or roll back together.
 */
export class SqlMigrationStorage implements UmzugStorage<Queryable> {
  static async ensureTable(db: Queryable): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async executed({ context }: { context: Queryable }): Promise<string[]> {
    const { rows } = await context.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    return rows.map((row) => row.name);
  }

  async logMigration({ name, context }: { name: string; context: Queryable }): Promise<void> {
    await context.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
  }

  async unlogMigration({ name, context }: { name: string; context: Queryable }): Promise<void> {
    await context.query('DELETE FROM schema_migrations WHERE name = $1', [name]);
  }
}
