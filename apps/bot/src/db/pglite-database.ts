import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Logger } from 'pino';
import type { Database, Queryable, QueryResult } from './database.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { DatabaseConnectionError, describeCause } from './errors.ts';
import { TransactionScopes } from './transaction-scope.ts';
import { typeParsers } from './type-parsers.ts';

/** Opens (creating on first use) the embedded database at `<dataDir>/pgdata`. */
export async function openPGlite(dataDir: string, logger: Logger): Promise<PGliteDatabase> {
  const pgdata = path.resolve(dataDir, 'pgdata');
  let lock: DataDirLock | undefined;
  try {
    mkdirSync(path.dirname(pgdata), { recursive: true });
    lock = lockDataDir(`${pgdata}.lock`);
    const started = performance.now();
    // pgvector is loaded on every start (an extension's files are not kept in pgdata); migration 0009 creates it.
    const pglite = await PGlite.create(pgdata, { parsers: { ...typeParsers }, extensions: { vector } });
    logger.debug({ dataDir: pgdata, ms: Math.round(performance.now() - started) }, 'PGlite started');
    return new PGliteDatabase(pglite, lock);
  } catch (error) {
    lock?.release();
    throw new DatabaseConnectionError(`PGlite at ${pgdata}`, describeCause(error), { cause: error });
  }
}

function toResult<T>(result: Results<T>): QueryResult<T> {
  // PGlite reports affectedRows (0 for SELECT); pg's rowCount is rows returned or rows affected.
  return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}

/**
 * PGlite is one connection in this process. It already queues queries behind an open transaction, so no mutex
 * is needed here; what is needed is refusing the calls that would queue behind their own transaction forever.
 */
export class PGliteDatabase implements Database {
  readonly kind = 'pglite';
  readonly #pglite: PGlite;
  readonly #lock: DataDirLock;
  readonly #scopes = new TransactionScopes();

  constructor(pglite: PGlite, lock: DataDirLock) {
    this.#pglite = pglite;
    this.#lock = lock;
  }

  async query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    this.#scopes.assertOutside('query');
    return toResult(await this.#pglite.query<T>(sql, params ? [...params] : undefined));
  }

  async exec(sql: string): Promise<void> {
    this.#scopes.assertOutside('exec');
    await this.#pglite.exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#scopes.assertOutside('transaction');
    return await this.#pglite.transaction((inner) =>
      this.#scopes.run(
        {
          query: async <R>(sql: string, params?: readonly unknown[]) =>
            toResult(await inner.query<R>(sql, params ? [...params] : undefined)),
          exec: async (sql) => void (await inner.exec(sql)),
        },
        fn,
      ),
    );
  }

  async close(): Promise<void> {
    try {
      if (!this.#pglite.closed) await this.#pglite.close();
    } finally {
      this.#lock.release();
    }
  }
}
