import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { SchemaMigrationError } from '../src/db/errors.ts';
import { defaultMigrationsDir, readMigrationFiles } from '../src/db/migration-files.ts';
import { forEachEngine } from './support/engines.ts';
import { memoryLogger } from './support/logger.ts';

const migrationNames = readdirSync(defaultMigrationsDir)
  .filter((name) => name.endsWith('.sql'))
  .sort();

const scratchDirs: string[] = [];
after(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A migrations folder holding exactly `files`. */
function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-bot-migrations-'));
  scratchDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

const appliedLogs = (records: Array<Record<string, unknown>>) =>
  records.filter((record) => record.msg === 'migration ran').map((record) => record.migration);

forEachEngine((engine) => {
  test('migrations apply in order from empty, each recorded once', async () => {
    const { logger, records } = memoryLogger();
    const db = await engine.open(await engine.emptyStore(), logger);
    assert.deepEqual(appliedLogs(records), migrationNames);
    const { rows } = await db.query<{ name: string; applied_at: Date }>('SELECT name, applied_at FROM schema_migrations ORDER BY name');
    assert.deepEqual(
      rows.map((row) => row.name),
      migrationNames,
    );
    assert.ok(rows.every((row) => row.applied_at instanceof Date));
  });

  test('opening a migrated database again runs nothing', async () => {
    const store = await engine.emptyStore();
    const first = await engine.open(store);
    const before = (await first.query('SELECT name, applied_at FROM schema_migrations ORDER BY name')).rows;
    await first.close();

    const { logger, records } = memoryLogger();
    const second = await engine.open(store, logger);
    assert.deepEqual(appliedLogs(records), []);
    assert.deepEqual((await second.query('SELECT name, applied_at FROM schema_migrations ORDER BY name')).rows, before);
  });

  test('a failing migration rolls back its whole run and names itself; fixed, the run succeeds', async () => {
    const store = await engine.emptyStore();
    const good = { '0001_a.sql': 'CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1);' };
    const broken = migrationsDir({ ...good, '0002_b.sql': 'CREATE TABLE b (id int);\nINSERT INTO missing VALUES (1);' });
    await assert.rejects(engine.open({ ...store, migrationsDir: broken }), (error: unknown) => {
      assert.ok(error instanceof SchemaMigrationError);
      assert.equal(error.migration, '0002_b.sql');
      assert.match(error.message, /^migration 0002_b\.sql failed: relation "missing" does not exist/);
      return true;
    });

    const fixed = migrationsDir({ ...good, '0002_b.sql': 'CREATE TABLE b (id int);' });
    const { logger, records } = memoryLogger();
    const db = await engine.open({ ...store, migrationsDir: fixed }, logger);
    assert.deepEqual(appliedLogs(records), ['0001_a.sql', '0002_b.sql'], '0001 was rolled back with 0002, so it ran again');
    assert.equal((await db.query('SELECT id FROM a')).rowCount, 1);
  });

  test('a migration the server does not know is reported, not fatal', async () => {
    const store = await engine.emptyStore();
    await (await engine.open({ ...store, migrationsDir: migrationsDir({ '0001_a.sql': 'SELECT 1', '0002_b.sql': 'SELECT 1' }) })).close();
    const { logger, records } = memoryLogger();
    await engine.open({ ...store, migrationsDir: migrationsDir({ '0001_a.sql': 'SELECT 1' }) }, logger);
    const warning = records.find((record) => record.msg === 'database has migrations this server does not know');
    assert.deepEqual(warning?.migrations, ['0002_b.sql']);
  });
});

forEachEngine((engine) => {
  test('two servers opening one empty database at once migrate it once', async () => {
    const store = await engine.emptyStore();
    const servers = [memoryLogger(), memoryLogger()];
    const [a, b] = await Promise.all(servers.map(({ logger }) => engine.open(store, logger)));
    assert.deepEqual(servers.flatMap(({ records }) => appliedLogs(records)).sort(), migrationNames);
    // Both are usable, and see one record per migration.
    for (const db of [a!, b!]) assert.equal((await db.query('SELECT name FROM schema_migrations')).rowCount, migrationNames.length);
  });
}, 'postgres');

test('migration files must be named NNNN_name.sql with unique numbers', () => {
  assert.throws(
    () => readMigrationFiles(migrationsDir({ '0001_a.sql': '', '2_b.sql': '' })),
    /2_b\.sql .* is not named like 0001_snake_case\.sql/,
  );
  assert.throws(
    () => readMigrationFiles(migrationsDir({ '0001_a.sql': '', '0001_b.sql': '' })),
    /0001_a\.sql and 0001_b\.sql .* share the number 0001/,
  );
  assert.deepEqual(
    readMigrationFiles(migrationsDir({ '0010_c.sql': 'c', '0002_b.sql': 'b', 'notes.txt': '' })).map((file) => file.name),
    ['0002_b.sql', '0010_c.sql'],
  );
});
