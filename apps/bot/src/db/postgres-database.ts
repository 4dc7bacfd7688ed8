import pg from 'pg';
import type { Logger } from 'pino';
import type { Database, Queryable, QueryResult } from './database.ts';
import { DatabaseConnectionError, describeCause } from './errors.ts';
import { redactUrl } from './redact-url.ts';
import { TransactionScopes } from './transaction-scope.ts';
import { typeParsers } from './type-parsers.ts';

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Pool size; each open transaction holds one connection. */
  maxConnections?: number;
  connectTimeoutMs?: number;
  /** Named (prepared) statements, on by default; off for a pooler that cannot keep them (PgBouncer in transaction mode). */
  preparedStatements?: boolean;
}

/** Connects a pool and proves it with one round trip, so a wrong URL fails at startup, not at the first request. */
export async function connectPostgres(url: string, logger: Logger, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const target = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    types,
    // Every customer turn is one short transaction ending in a WAL flush; more of them in flight lets PostgreSQL
    // flush them together (group commit). bench:bot: 180 msg/s at 10, 193 at 30 (one run each, noisy).
    max: options.maxConnections ?? 30,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'parley-bot',
  });
  // Without a listener an idle connection dropped by the server (restart, failover) would crash the process.
  pool.on('error', (error) => logger.error({ err: error, database: target }, 'idle PostgreSQL connection failed'));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseConnectionError(target, describeCause(error), { cause: error });
  }
  return new PostgresDatabase(pool, options.preparedStatements ?? true);
}

/** One statement per query on both engines: `pg` would otherwise accept several when there are no parameters. */
type OneStatementQuery = pg.QueryConfig & { queryMode: 'extended' };

/**
 * Named (prepared) statements: each connection parses and plans a statement once and then only binds and
 * executes it, instead of parsing every query again. The server's SQL is a fixed set of texts, so each text
 * gets one name for the life of the process; past `MAX_PREPARED` distinct texts (generated SQL), the rest run
 * unnamed as before rather than fill every connection with statements used once.
 */
const MAX_PREPARED = 1000;
const statementNames = new Map<string, string>();

function statementName(sql: string, preparing: boolean): string | undefined {
  if (!preparing) return undefined;
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `parley_${statementNames.size}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function runQuery<T>(
  client: pg.Pool | pg.PoolClient,
  preparing: boolean,
  sql: string,
  params: readonly unknown[] = [],
): Promise<QueryResult<T>> {
  const name = statementName(sql, preparing);
  const config: OneStatementQuery = { text: sql, values: [...params], queryMode: 'extended', ...(name && { name }) };
  const result = await client.query(config);
  return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
}

export class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;
  readonly #scopes = new TransactionScopes();

  readonly #preparing: boolean;

  constructor(pool: pg.Pool, preparing: boolean) {
    this.#pool = pool;
    this.#preparing = preparing;
  }

  async query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    this.#scopes.assertOutside('query');
    return runQuery<T>(this.#pool, this.#preparing, sql, params);
  }

  async exec(sql: string): Promise<void> {
    this.#scopes.assertOutside('exec');
    await this.#pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#scopes.assertOutside('transaction');
    const client = await this.#pool.connect();
    const connection: Queryable = {
      query: (sql, params) => runQuery(client, this.#preparing, sql, params),
      exec: async (sql) => void (await client.query(sql)),
    };
    try {
      await client.query('BEGIN');
      const result = await this.#scopes.run(connection, fn);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (rollbackError) {
        // The connection is broken or in an unknown state: destroy it rather than return it to the pool.
        client.release(rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)));
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    // pg throws on a second end(); closing twice is harmless on PGlite, so make it harmless here too.
    if (this.#pool.ending) return;
    await this.#pool.end();
  }
}
