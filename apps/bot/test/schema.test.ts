import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Database } from '../src/db/database.ts';
import { appendMessage } from '../src/db/message-store.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation, createOperator } from './support/fixtures.ts';

const TABLES = [
  'api_keys',
  'assignments',
  'bot_llm_settings',
  'bots',
  'channel_deliveries',
  'channel_events',
  'channels',
  'conversations',
  'domain_changes',
  'knowledge_chunks',
  'knowledge_crawl_sources',
  'knowledge_documents',
  'label_corrections',
  'llm_usage',
  'messages',
  'model_deployments',
  'model_versions',
  'notes',
  'operator_sessions',
  'operators',
  'schema_migrations',
  'training_examples',
  'training_jobs',
  'usage_counters',
  'visitors',
  'workspaces',
];

/** Rejects with the Postgres error `code` raised by `constraint`. */
const violates = (code: string, constraint: string) => (error: { code?: string; constraint?: string }) => {
  assert.equal(error.code, code);
  assert.equal(error.constraint, constraint);
  return true;
};

forEachEngine((engine) => {
  let db: Database;
  before(async () => {
    db = await engine.migrated();
  });

  test('the schema has exactly the expected tables', async () => {
    const { rows } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    assert.deepEqual(
      rows.map((row) => row.table_name),
      TABLES,
    );
  });

  test('check constraints reject values outside their sets', async () => {
    const { conversationId, workspaceId } = await createConversation(db);
    await assert.rejects(
      db.query(`UPDATE conversations SET status = 'open' WHERE id = $1`, [conversationId]),
      violates('23514', 'conversations_status_check'),
    );
    await assert.rejects(
      db.query(`INSERT INTO messages (conversation_id, seq, sender, text) VALUES ($1, 1, 'robot', 'x')`, [conversationId]),
      violates('23514', 'messages_sender_check'),
    );
    await assert.rejects(
      db.query(
        `INSERT INTO operators (workspace_id, email, display_name, password_hash, role) VALUES ($1, 'Ann@Example.com', 'Ann', 'x', 'agent')`,
        [workspaceId],
      ),
      violates('23514', 'operators_email_check'),
    );
  });

  test('new rows get uuid ids and defaults', async () => {
    const { conversationId } = await createConversation(db);
    const { rows } = await db.query('SELECT channel, status, last_seq, failure_count, created_at FROM conversations WHERE id = $1', [
      conversationId,
    ]);
    const row = rows[0]!;
    assert.ok(row.created_at instanceof Date);
    assert.deepEqual(
      { ...row, created_at: undefined },
      { channel: 'web', status: 'bot', last_seq: 0, failure_count: 0, created_at: undefined },
    );
  });

  test('a conversation has one open assignment and a bot one live model at a time', async () => {
    const { conversationId, workspaceId, botId } = await createConversation(db);
    const operatorId = await createOperator(db, workspaceId);
    const assign = () => db.query('INSERT INTO assignments (conversation_id, operator_id) VALUES ($1, $2)', [conversationId, operatorId]);
    await assign();
    await assert.rejects(assign(), violates('23505', 'assignments_one_open_per_conversation'));
    // Hand-over in one transaction: the release and the new assignment share now().
    await db.transaction(async (tx) => {
      await tx.query('UPDATE assignments SET released_at = now() WHERE conversation_id = $1 AND released_at IS NULL', [conversationId]);
      await tx.query('INSERT INTO assignments (conversation_id, operator_id) VALUES ($1, $2)', [conversationId, operatorId]);
    });

    const addLive = (version: string) =>
      db.query(`INSERT INTO model_versions (bot_id, version, artifact_dir, status) VALUES ($1, $2, '/models', 'live')`, [botId, version]);
    await addLive(`v1-${botId}`);
    await assert.rejects(addLive(`v2-${botId}`), violates('23505', 'model_versions_one_live_per_bot'));
  });

  test('a bot can only serve one of its own model versions', async () => {
    const mine = await createConversation(db);
    const theirs = await createConversation(db);
    await db.query(`INSERT INTO model_versions (bot_id, version, artifact_dir) VALUES ($1, $2, '/models')`, [
      theirs.botId,
      `v-${theirs.botId}`,
    ]);
    await assert.rejects(
      db.query('UPDATE bots SET active_model_version = $1 WHERE id = $2', [`v-${theirs.botId}`, mine.botId]),
      violates('23503', 'bots_active_model_version_fkey'),
    );
  });

  test('deleting a workspace removes everything under it, operator history included', async () => {
    const { workspaceId, botId, conversationId } = await createConversation(db);
    const operatorId = await createOperator(db, workspaceId);
    const version = `v-${botId}`;
    await db.query(`INSERT INTO model_versions (bot_id, version, artifact_dir, status, promoted_by) VALUES ($1, $2, '/m', 'live', $3)`, [
      botId,
      version,
      operatorId,
    ]);
    await db.query('UPDATE bots SET active_model_version = $1 WHERE id = $2', [version, botId]);
    const { message } = await appendMessage(db, { conversationId, sender: 'operator', operatorId, text: 'Hello' });
    await db.query(
      `INSERT INTO label_corrections (message_id, task, from_label, to_label, operator_id) VALUES ($1, 'intent', 'a', 'b', $2)`,
      [message.id, operatorId],
    );
    await appendMessage(db, { conversationId, kind: 'note', sender: 'operator', operatorId, text: 'vip' });
    assert.equal((await db.query('SELECT text FROM notes WHERE conversation_id = $1', [conversationId])).rows.length, 1);
    const { rows: keys } = await db.query<{ id: string }>(
      `INSERT INTO api_keys (bot_id, prefix, key_hash) VALUES ($1, 'pk_', $2) RETURNING id`,
      [botId, `hash-${botId}`],
    );
    await db.query(`INSERT INTO usage_counters (api_key_id, day, calls) VALUES ($1, DATE '2026-11-29', 3)`, [keys[0]!.id]);

    // History keeps its "who" and the live model stays put: neither can be deleted on its own.
    await assert.rejects(db.query('DELETE FROM operators WHERE id = $1', [operatorId]), violates('23503', 'messages_operator_id_fkey'));
    await assert.rejects(
      db.query('DELETE FROM model_versions WHERE version = $1', [version]),
      violates('23503', 'bots_active_model_version_fkey'),
    );

    await db.query('DELETE FROM workspaces WHERE id = $1', [workspaceId]);
    const { rows } = await db.query<{ left: number }>(
      `SELECT (SELECT count(*) FROM bots WHERE id = $1) + (SELECT count(*) FROM messages WHERE id = $2)
        + (SELECT count(*) FROM operators WHERE id = $3) + (SELECT count(*) FROM model_versions WHERE bot_id = $1)
        + (SELECT count(*) FROM usage_counters WHERE api_key_id = $4) AS left`,
      [botId, message.id, operatorId, keys[0]!.id],
    );
    assert.equal(rows[0]!.left, 0);
  });
});
