import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Database } from '../src/db/database.ts';
import { forEachEngine } from './support/engines.ts';

forEachEngine((engine) => {
  let db: Database;
  before(async () => {
    db = await engine.migrated();
    await db.exec('CREATE TABLE scratch (id int PRIMARY KEY, note text); CREATE TABLE scratch_counter (n int)');
  });

  test('a transaction commits when its function resolves and rolls back when it throws', async () => {
    const kept = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO scratch VALUES (1, $1)', ['kept']);
      return 'done';
    });
    assert.equal(kept, 'done');
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO scratch VALUES (2, $1)', ['dropped']);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    await assert.rejects(
      db.transaction((tx) => tx.query('INSERT INTO scratch VALUES (1, $1)', ['clash'])),
      (error: { code?: string }) => error.code === '23505',
    );
    assert.deepEqual((await db.query('SELECT id, note FROM scratch ORDER BY id')).rows, [{ id: 1, note: 'kept' }]);
  });

  test('the database refuses use inside its own transaction, and tx refuses use after it', async () => {
    let leaked: Parameters<Parameters<Database['transaction']>[0]>[0] | undefined;
    await assert.rejects(
      db.transaction(async (tx) => {
        leaked = tx;
        await db.query('SELECT 1');
      }),
      /query was called on the database inside one of its transactions; use the transaction's tx instead/,
    );
    await assert.rejects(
      db.transaction(() => db.transaction(async () => undefined)),
      /transaction was called on the database inside one of its transactions/,
    );
    await assert.rejects(leaked!.query('SELECT 1'), /transaction already ended/);
    // Work started inside a transaction may outlive it and then use the database normally.
    let later: Promise<unknown> | undefined;
    await db.transaction(async () => {
      later = new Promise((resolve) => setTimeout(resolve, 10)).then(() => db.query('SELECT 1'));
    });
    await later;
  });

  test('query runs one statement on both engines; exec runs a script', async () => {
    await assert.rejects(db.query('SELECT 1; SELECT 2'));
    await db.exec('INSERT INTO scratch_counter VALUES (1); INSERT INTO scratch_counter VALUES (2);');
    assert.equal((await db.query('SELECT n FROM scratch_counter')).rowCount, 2);
  });

  test('rowCount is rows returned, or rows affected by a write without RETURNING', async () => {
    await db.exec('DELETE FROM scratch_counter; INSERT INTO scratch_counter SELECT generate_series(1, 5)');
    assert.equal((await db.query('SELECT n FROM scratch_counter WHERE n > 2')).rowCount, 3);
    assert.equal((await db.query('UPDATE scratch_counter SET n = n + 10 WHERE n <= 2')).rowCount, 2);
    assert.equal((await db.query('DELETE FROM scratch_counter WHERE n > 100')).rowCount, 0);
    assert.equal((await db.query('INSERT INTO scratch_counter VALUES (6), (7) RETURNING n')).rowCount, 2);
  });

  test('values come back as the same JS types on both engines', async () => {
    const { rows } = await db.query(
      `SELECT 42::int8 AS int8, count(*) AS count, 7::int4 AS int4, 0.5::real AS real, 1.25::numeric AS numeric,
        DATE '2026-03-29' AS day, TIMESTAMPTZ '2026-03-29T01:30:00Z' AS at, true AS flag, NULL::text AS nothing,
        $1::jsonb AS list, $2::jsonb AS object, gen_random_uuid() AS id
       FROM (VALUES (1), (2)) AS v(x)`,
      [JSON.stringify([1, 'two', [3]]), JSON.stringify({ a: { b: null } })],
    );
    const row = rows[0]!;
    assert.match(String(row.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(
      { ...row, id: undefined },
      {
        int8: 42,
        count: 2,
        int4: 7,
        real: 0.5,
        numeric: '1.25',
        day: '2026-03-29',
        at: new Date('2026-03-29T01:30:00Z'),
        flag: true,
        nothing: null,
        list: [1, 'two', [3]],
        object: { a: { b: null } },
        id: undefined,
      },
    );
  });

  test('an int8 past 2^53 is an error, not a rounded number, and the connection survives it', async () => {
    await assert.rejects(db.query('SELECT 9007199254740993::int8 AS big'), /outside the safe integer range/);
    await db.transaction(async (tx) => {
      await assert.rejects(tx.query('SELECT 9007199254740993::int8 AS big'), /outside the safe integer range/);
    });
    assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
  });
});
