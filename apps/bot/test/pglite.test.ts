import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DatabaseConnectionError } from '../src/db/errors.ts';
import { appendMessage, messagesSince } from '../src/db/message-store.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation } from './support/fixtures.ts';

// What only the embedded engine has: a data directory of its own.
forEachEngine((engine) => {
  test('a database reopened from the same dir keeps its data; a blank databaseUrl means PGlite', async () => {
    const store = await engine.emptyStore();
    const first = await engine.open({ ...store, databaseUrl: '  ' });
    assert.equal(first.kind, 'pglite');
    const { conversationId } = await createConversation(first);
    const { message } = await appendMessage(first, { conversationId, clientMessageId: 'kept', sender: 'customer', text: 'still here?' });
    await first.close();

    const second = await engine.open(store);
    assert.deepEqual(await messagesSince(second, conversationId, 0), [message]);
    const again = await appendMessage(second, { conversationId, clientMessageId: 'kept', sender: 'customer', text: 'still here?' });
    assert.equal(again.duplicate, true);
  });

  test('a second open of a dir in use fails clearly instead of corrupting it', async () => {
    const store = await engine.emptyStore();
    const db = await engine.open(store);
    await assert.rejects(engine.open(store), (error: unknown) => {
      assert.ok(error instanceof DatabaseConnectionError);
      assert.match(error.message, /^cannot open database PGlite at .*pgdata: it is in use by process \d+ \(this one\)/);
      return true;
    });
    await db.close();
    assert.equal(existsSync(path.join(store.dataDir, 'pgdata.lock')), false, 'close releases the lock');
    await (await engine.open(store)).close();
  });

  test('a lock left by a process that has died is taken over', async () => {
    const store = await engine.emptyStore();
    // Pids are below 2^22 on Linux; this one cannot be running.
    writeFileSync(path.join(store.dataDir, 'pgdata.lock'), '2147483646\n');
    const db = await engine.open(store);
    assert.equal((await db.query('SELECT 1 AS one')).rowCount, 1);
  });
}, 'pglite');
