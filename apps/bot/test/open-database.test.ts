import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatabaseConnectionError } from '../src/db/errors.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { redactUrl } from '../src/db/redact-url.ts';
import { postgresBackend, TEST_DATABASE_URL } from './support/engines.ts';
import { silentLogger } from './support/logger.ts';

const open = (databaseUrl: string) => openDatabase({ databaseUrl, dataDir: '/unused', logger: silentLogger() });

test('an unreachable PostgreSQL fails with the URL, password masked, and the reason', async () => {
  await assert.rejects(open('postgres://parley:s3cr%40t@127.0.0.1:1/parley'), (error: unknown) => {
    assert.ok(error instanceof DatabaseConnectionError);
    assert.equal(error.target, 'postgres://parley:***@127.0.0.1:1/parley');
    assert.match(error.message, /^cannot open database postgres:\/\/parley:\*\*\*@127\.0\.0\.1:1\/parley: .*ECONNREFUSED/);
    assert.doesNotMatch(error.message, /s3cr/);
    return true;
  });
});

test('a reachable server without the database says so', async () => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = '/parley_no_such_database';
  await assert.rejects(
    open(url.toString()),
    /cannot open database .*parley_no_such_database: database "parley_no_such_database" does not exist \(3D000\)/,
  );
});

test('a URL that is not postgres:// is refused without echoing its password', async () => {
  await assert.rejects(open('mysql://root:hunter2@db/app'), (error: Error) => {
    assert.equal(error.message, 'invalid database options: databaseUrl mysql://root:***@db/app is not a postgres:// or postgresql:// URL');
    return true;
  });
  await assert.rejects(openDatabase({ dataDir: ' ', logger: silentLogger() }), /dataDir is required/);
});

test('redactUrl masks passwords in URLs and in what only looks like one', () => {
  assert.equal(redactUrl('postgres://u:p@h:5432/d?sslmode=require'), 'postgres://u:***@h:5432/d?sslmode=require');
  assert.equal(redactUrl('postgresql://h/d?user=u&password=p'), 'postgresql://h/d?user=u&password=***');
  assert.equal(redactUrl('postgres://u@h/d'), 'postgres://u@h/d');
  assert.equal(redactUrl('host=h user=u password=p dbname=d'), 'host=h user=u password=*** dbname=d');
  assert.equal(redactUrl('postgres://u:p w@h/d'), 'postgres://u:***@h/d');
});

test('PostgreSQL plans the server’s statements once per connection, unless prepared statements are off', async () => {
  const backend = postgresBackend();
  await backend.setUp();
  try {
    for (const preparedStatements of [true, false]) {
      const db = await openDatabase({ ...(await backend.emptyStore()), logger: silentLogger(), preparedStatements });
      try {
        const prepared = await db.transaction(async (tx) => {
          await tx.query('SELECT $1::int AS one', [1]);
          await tx.query('SELECT $1::int AS one', [2]);
          return (await tx.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'parley%'")).rows;
        });
        const planned = prepared.some((row) => row.statement === 'SELECT $1::int AS one');
        assert.equal(planned, preparedStatements, `preparedStatements: ${preparedStatements}`);
      } finally {
        await db.close();
      }
    }
  } finally {
    await backend.tearDown();
  }
});
