import { cpSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database, DatabaseKind } from '../../src/db/database.ts';
import { describeCause } from '../../src/db/errors.ts';
import { openDatabase, type OpenDatabaseOptions } from '../../src/db/open-database.ts';
import { redactUrl } from '../../src/db/redact-url.ts';
import { silentLogger } from './logger.ts';
import { pgliteEmptyTemplate } from './pglite-template.ts';

export const TEST_DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface Engine {
  readonly kind: DatabaseKind;
  /** Options for openDatabase pointing at a store of its own that has never been migrated. */
  emptyStore(): Promise<Omit<OpenDatabaseOptions, 'logger'>>;
  /** openDatabase on such options; the database is closed when the suite ends. */
  open(store: Omit<OpenDatabaseOptions, 'logger'>, logger?: Logger): Promise<Database>;
  /** A migrated database of its own. */
  migrated(): Promise<Database>;
}

export interface Backend {
  setUp(): Promise<void>;
  emptyStore(): Promise<Omit<OpenDatabaseOptions, 'logger'>>;
  tearDown(): Promise<void>;
}

/** Each PGlite store is a temp dir holding a copy of an initialised, empty one. */
function pgliteBackend(): Backend {
  const root = mkdtempSync(path.join(os.tmpdir(), 'parley-bot-pglite-'));
  let count = 0;
  return {
    async setUp() {},
    async emptyStore() {
      const dataDir = path.join(root, `store-${++count}`);
      // The template's marker file rides along harmlessly; only pgdata matters.
      cpSync(await pgliteEmptyTemplate(), dataDir, { recursive: true });
      return { dataDir };
    },
    async tearDown() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Each Postgres store is a throwaway database `parley_test_<random>` on the test server, dropped at the end. */
export function postgresBackend(): Backend {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  const created: string[] = [];
  return {
    async setUp() {
      try {
        await admin.connect();
      } catch (error) {
        // CI starts PostgreSQL (scripts/ci-services.sh); a missing server is a failure, never a skip.
        throw new Error(
          `PostgreSQL for the storage tests is unreachable at ${redactUrl(TEST_DATABASE_URL)}: ${describeCause(error)}. ` +
            'Start it (bash scripts/ci-services.sh) or point PARLEY_TEST_DATABASE_URL at one.',
          { cause: error },
        );
      }
    },
    async emptyStore() {
      const name = `parley_test_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString(), dataDir: '/nonexistent-unused-with-postgres' };
    },
    async tearDown() {
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const backends: Record<DatabaseKind, () => Backend> = { pglite: pgliteBackend, postgres: postgresBackend };

/**
 * Declares `suite` once per engine, each in its own describe block with its own stores, so every storage test
 * runs against both PGlite and the real PostgreSQL.
 */
export function forEachEngine(suite: (engine: Engine) => void, only?: DatabaseKind): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    if (only && kind !== only) continue;
    describe(kind, () => {
      const backend = backends[kind]();
      const opened: Database[] = [];
      const engine: Engine = {
        kind,
        emptyStore: () => backend.emptyStore(),
        async open(store, logger = silentLogger()) {
          const db = await openDatabase({ ...store, logger });
          opened.push(db);
          return db;
        },
        // Migrating takes a fraction of a second on either engine: cheaper than keeping migrated templates.
        async migrated() {
          return engine.open(await backend.emptyStore());
        },
      };
      before(() => backend.setUp());
      after(async () => {
        // close() twice is harmless on both engines, so tests may close their own databases early.
        await Promise.allSettled(opened.map((db) => db.close()));
        await backend.tearDown();
      });
      suite(engine);
    });
  }
}
