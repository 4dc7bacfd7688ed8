import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable, QueryResult } from './database.ts';

/**
 * The rules both engines enforce around `Database.transaction`, so code that works on one works on the other:
 * no use of the database itself inside a transaction (PGlite would deadlock, Postgres would escape the
 * transaction or deadlock on its own row locks), and no use of `tx` after the transaction has ended
 * (on Postgres its connection may already serve someone else).
 */
export class TransactionScopes {
  readonly #current = new AsyncLocalStorage<{ open: boolean }>();

  assertOutside(operation: string): void {
    // `open` rather than mere presence: work spawned inside a transaction may outlive it legitimately.
    if (this.#current.getStore()?.open) {
      throw new Error(`${operation} was called on the database inside one of its transactions; use the transaction's tx instead`);
    }
  }

  async run<T>(inner: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const scope = { open: true };
    const ensureOpen = () => {
      if (!scope.open) throw new Error('transaction already ended; its tx can no longer be used');
    };
    const tx: Queryable = {
      async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
        ensureOpen();
        return inner.query<R>(sql, params);
      },
      async exec(sql: string): Promise<void> {
        ensureOpen();
        return inner.exec(sql);
      },
    };
    try {
      return await this.#current.run(scope, () => fn(tx));
    } finally {
      scope.open = false;
    }
  }
}
