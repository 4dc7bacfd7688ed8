import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, test } from 'node:test';
import { ZodError } from 'zod';
import type { Database } from '../src/db/database.ts';
import { UnknownConversationError } from '../src/db/errors.ts';
import { appendAnswer, appendMessage, appendTurn, messagesSince, type TurnEvent } from '../src/db/message-store.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation, createOperator } from './support/fixtures.ts';

const lastSeq = async (db: Database, conversationId: string) =>
  (await db.query<{ last_seq: number }>('SELECT last_seq FROM conversations WHERE id = $1', [conversationId])).rows[0]!.last_seq;

forEachEngine((engine) => {
  let db: Database;
  before(async () => {
    db = await engine.migrated();
  });

  test('stores a message with its classification and reads it back with the same JS types on both engines', async () => {
    const { conversationId } = await createConversation(db);
    const payload = { quickReplies: [{ title: 'Track order', value: 'track' }], nested: [1, [2, null]] };
    const { message, duplicate } = await appendMessage(db, {
      conversationId,
      clientMessageId: 'c-1',
      sender: 'bot',
      text: 'Where is my parcel?',
      payload,
      intent: 'track_order',
      confidence: 0.875,
      sentiment: 'neutral',
      sentimentScore: -0.25,
      modelVersion: '20261129T081300Z-3f2a9c1e',
      classifyMs: 1.5,
    });
    assert.equal(duplicate, false);
    assert.equal(typeof message.id, 'string');
    assert.deepEqual(
      { ...message, id: undefined, createdAt: undefined },
      {
        id: undefined,
        conversationId,
        seq: 1,
        kind: 'message',
        clientMessageId: 'c-1',
        sender: 'bot',
        operatorId: null,
        text: 'Where is my parcel?',
        payload,
        intent: 'track_order',
        confidence: 0.875,
        sentiment: 'neutral',
        sentimentScore: -0.25,
        modelVersion: '20261129T081300Z-3f2a9c1e',
        classifyMs: 1.5,
        createdAt: undefined,
      },
    );
    assert.ok(message.createdAt instanceof Date);
    assert.deepEqual(await messagesSince(db, conversationId, 0), [message]);
  });

  test('50 concurrent appends to one conversation get sequence numbers 1..50, each once', async () => {
    const { conversationId } = await createConversation(db);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => appendMessage(db, { conversationId, sender: 'customer', text: `message ${i}` })),
    );
    const seqs = results.map((result) => result.message.seq).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal(await lastSeq(db, conversationId), 50);
    const stored = await messagesSince(db, conversationId, 0);
    assert.deepEqual(
      stored.map((m) => m.seq),
      seqs,
    );
  });

  test('a repeated clientMessageId returns the original with duplicate=true and takes no sequence number', async () => {
    const { conversationId } = await createConversation(db);
    const first = await appendMessage(db, { conversationId, clientMessageId: 'retry-me', sender: 'customer', text: 'hello' });
    const again = await appendMessage(db, { conversationId, clientMessageId: 'retry-me', sender: 'customer', text: 'hello (resent)' });
    assert.equal(again.duplicate, true);
    assert.deepEqual(again.message, first.message);
    assert.equal(await lastSeq(db, conversationId), 1);

    const next = await appendMessage(db, { conversationId, clientMessageId: 'another', sender: 'customer', text: 'next' });
    assert.equal(next.message.seq, 2, 'the duplicate left no gap');
  });

  test('the same clientMessageId in another conversation is a different message', async () => {
    const a = await createConversation(db);
    const b = await createConversation(db);
    await appendMessage(db, { conversationId: a.conversationId, clientMessageId: 'shared', sender: 'customer', text: 'in a' });
    const inB = await appendMessage(db, { conversationId: b.conversationId, clientMessageId: 'shared', sender: 'customer', text: 'in b' });
    assert.equal(inB.duplicate, false);
    assert.equal(inB.message.text, 'in b');
  });

  test('concurrent sends of one clientMessageId store it once and all return that row', async () => {
    const { conversationId } = await createConversation(db);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => appendMessage(db, { conversationId, clientMessageId: 'racy', sender: 'customer', text: 'once' })),
    );
    assert.equal(results.filter((result) => !result.duplicate).length, 1);
    assert.equal(new Set(results.map((result) => result.message.id)).size, 1);
    assert.equal(await lastSeq(db, conversationId), 1);
    assert.equal((await messagesSince(db, conversationId, 0)).length, 1);
  });

  test('messagesSince returns exactly the messages after the given seq, in order, up to the limit', async () => {
    const { conversationId } = await createConversation(db);
    for (let i = 1; i <= 7; i++) await appendMessage(db, { conversationId, sender: i % 2 ? 'customer' : 'bot', text: `m${i}` });
    const other = await createConversation(db);
    await appendMessage(db, { conversationId: other.conversationId, sender: 'customer', text: 'elsewhere' });

    assert.deepEqual(
      (await messagesSince(db, conversationId, 4)).map((m) => m.text),
      ['m5', 'm6', 'm7'],
    );
    assert.deepEqual(
      (await messagesSince(db, conversationId, 2, 2)).map((m) => m.seq),
      [3, 4],
    );
    assert.deepEqual(await messagesSince(db, conversationId, 7), []);
  });

  test('an unknown conversation is a clear error for both operations and takes nothing', async () => {
    const missing = randomUUID();
    await assert.rejects(appendMessage(db, { conversationId: missing, sender: 'customer', text: 'hi' }), (error: unknown) => {
      assert.ok(error instanceof UnknownConversationError);
      assert.equal(error.message, `conversation ${missing} does not exist`);
      return true;
    });
    await assert.rejects(messagesSince(db, missing, 0), UnknownConversationError);
    assert.equal((await db.query('SELECT 1 FROM messages WHERE conversation_id = $1', [missing])).rowCount, 0);
  });

  test('operator messages carry the operator; other senders cannot', async () => {
    const { conversationId, workspaceId } = await createConversation(db);
    const operatorId = await createOperator(db, workspaceId);
    const { message } = await appendMessage(db, { conversationId, sender: 'operator', operatorId, text: 'Let me check.' });
    assert.equal(message.operatorId, operatorId);
    await assert.rejects(appendMessage(db, { conversationId, sender: 'bot', operatorId, text: 'no' }), ZodError);
  });

  test('input is validated before it reaches the database', async () => {
    const { conversationId } = await createConversation(db);
    const invalid = [
      { conversationId: 'not-a-uuid', sender: 'customer', text: 'hi' },
      { conversationId, sender: 'robot', text: 'hi' },
      { conversationId, sender: 'customer', text: '' },
      { conversationId, sender: 'customer', text: 'hi', confidence: 1.5 },
    ];
    for (const input of invalid) await assert.rejects(appendMessage(db, input as Parameters<typeof appendMessage>[1]), ZodError);
    await assert.rejects(messagesSince(db, conversationId, -1), ZodError);
    await assert.rejects(messagesSince(db, conversationId, 0, 0), ZodError);
    assert.equal(await lastSeq(db, conversationId), 0);
  });

  const reply: TurnEvent = {
    kind: 'message',
    sender: 'bot',
    text: 'On its way.',
    payload: { quickReplies: [{ label: 'Thanks', value: 'thanks' }] },
  };
  const waiting: TurnEvent = { kind: 'status', sender: 'system', text: '', payload: { status: 'waiting', assigneeId: null } };

  test('appendTurn stores a message, its answer and a status change in order, and sets the state', async () => {
    const { conversationId } = await createConversation(db);
    const rows = await appendTurn(
      db,
      { conversationId, clientMessageId: 't-1', sender: 'customer', text: 'Where is it?', intent: 'track', confidence: 0.9, classifyMs: 2 },
      [reply, waiting],
      { status: 'waiting', failureCount: 0, handoffReason: 'customer_request' },
    );
    assert.deepEqual(
      rows!.map((m) => [m.seq, m.kind, m.sender, m.text]),
      [
        [1, 'message', 'customer', 'Where is it?'],
        [2, 'message', 'bot', 'On its way.'],
        [3, 'status', 'system', ''],
      ],
    );
    assert.equal(rows![0]!.intent, 'track');
    assert.equal(rows![0]!.confidence, 0.9);
    assert.deepEqual(rows![1]!.payload, reply.payload);
    const { rows: state } = await db.query('SELECT status, failure_count, handoff_reason, last_seq FROM conversations WHERE id = $1', [
      conversationId,
    ]);
    assert.deepEqual(state[0], { status: 'waiting', failure_count: 0, handoff_reason: 'customer_request', last_seq: 3 });
  });

  test('appendTurn with a client message id already stored writes nothing and takes no seq', async () => {
    const { conversationId } = await createConversation(db);
    const first = await appendTurn(db, { conversationId, clientMessageId: 'dup', sender: 'customer', text: 'Hi' }, [reply], {
      failureCount: 1,
    });
    assert.equal(first!.length, 2);
    const again = await appendTurn(db, { conversationId, clientMessageId: 'dup', sender: 'customer', text: 'Hi' }, [reply, waiting], {
      status: 'waiting',
      failureCount: 0,
    });
    assert.equal(again, undefined);
    assert.equal(await lastSeq(db, conversationId), 2);
    const { rows } = await db.query('SELECT status, failure_count FROM conversations WHERE id = $1', [conversationId]);
    assert.deepEqual(rows[0], { status: 'bot', failure_count: 1 });
  });

  test('concurrent appendTurn calls on one conversation keep seqs gapless and store each message once', async () => {
    const { conversationId } = await createConversation(db);
    const ids = Array.from({ length: 20 }, (_, i) => `c-${i % 10}`);
    const results = await Promise.all(
      ids.map((clientMessageId) =>
        appendTurn(db, { conversationId, clientMessageId, sender: 'customer', text: 'x' }, [reply], { failureCount: 0 }),
      ),
    );
    assert.equal(results.filter(Boolean).length, 10, 'each client message id is stored once');
    const log = await messagesSince(db, conversationId, 0);
    assert.deepEqual(
      log.map((m) => m.seq),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.ok(
      log.every((m, i) => (i % 2 === 0 ? m.sender === 'customer' : m.sender === 'bot')),
      'each answer follows its message',
    );
  });

  test('appendTurn validates its input and refuses an unknown conversation', async () => {
    await assert.rejects(appendTurn(db, { conversationId: 'nope', sender: 'customer', text: 'x' }, [], { failureCount: 0 }), ZodError);
    await assert.rejects(
      appendTurn(db, { conversationId: randomUUID(), clientMessageId: 'a', sender: 'customer', text: 'x' }, [], { failureCount: 0 }),
      /does not exist/,
    );
  });

  test('appendAnswer answers a message stored earlier: events after it, state written, nothing else', async () => {
    const { conversationId } = await createConversation(db);
    await appendMessage(db, { conversationId, clientMessageId: 'left', sender: 'customer', text: 'Hello?' });
    const rows = await appendAnswer(db, conversationId, [reply, waiting], {
      status: 'waiting',
      failureCount: 0,
      handoffReason: 'low_confidence',
    });
    assert.deepEqual(
      rows.map((m) => [m.seq, m.kind, m.sender]),
      [
        [2, 'message', 'bot'],
        [3, 'status', 'system'],
      ],
    );
    const { rows: state } = await db.query('SELECT status, handoff_reason, last_seq FROM conversations WHERE id = $1', [conversationId]);
    assert.deepEqual(state[0], { status: 'waiting', handoff_reason: 'low_confidence', last_seq: 3 });
  });
});
