export type DatabaseKind = 'postgres' | 'pglite';

export interface QueryResult<T> {
  rows: T[];
  /** Rows returned, or for INSERT/UPDATE/DELETE without RETURNING, rows affected. */
  rowCount: number;
}

/**
 * What both engines can run. Parameters are `$1`-style and a query holds exactly one statement on both engines.
 * Pass jsonb parameters as `JSON.stringify(value)` with a `$n::jsonb` cast: the drivers disagree on how they
 * serialise a bare JS array (a Postgres array for `pg`, JSON for PGlite).
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * PostgreSQL or embedded PGlite behind one interface, so the server runs the same SQL on both.
 * Row values come back as the same JS types on both engines: int8 as number, date as 'YYYY-MM-DD',
 * timestamptz as Date, jsonb parsed, numeric as string.
 */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside `fn` use only
   * `tx`: calling the database itself there throws, because on PGlite (one connection) it would wait forever
   * for the transaction, and on Postgres it would run outside it.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Resolves when the database answers a trivial query: the readiness probe's check. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
