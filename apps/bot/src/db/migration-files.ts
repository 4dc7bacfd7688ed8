import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/bot/migrations, next to package.json. */
export const defaultMigrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface MigrationFile {
  /** The file name, as recorded in schema_migrations. */
  name: string;
  path: string;
  sql: string;
}

const NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * The migrations in apply order. A `.sql` file that does not follow `NNNN_name.sql`, or reuses a number, is an
 * error rather than something to skip or guess an order for: a skipped migration would surface much later.
 */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const seen = new Map<string, string>();
  return names.map((name) => {
    const number = NAME.exec(name)?.[1];
    if (number === undefined) throw new Error(`migration file ${name} in ${dir} is not named like 0001_snake_case.sql`);
    const clash = seen.get(number);
    if (clash) throw new Error(`migrations ${clash} and ${name} in ${dir} share the number ${number}`);
    seen.set(number, name);
    const file = path.join(dir, name);
    return { name, path: file, sql: readFileSync(file, 'utf8') };
  });
}
