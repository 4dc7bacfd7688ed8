import type { Queryable } from './database.ts';

/**
 * Takes the PostgreSQL advisory lock `key` until the caller's transaction ends, so that work guarded by the same
 * key runs one after another, also between servers sharing one database.
 */
export async function lockForTransaction(tx: Queryable, key: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [key]);
}
