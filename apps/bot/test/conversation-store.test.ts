import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Database } from '../src/db/database.ts';
import { openConversation } from '../src/db/conversation-store.ts';
import { createVisitor, findVisitor } from '../src/db/visitor-store.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation } from './support/fixtures.ts';

forEachEngine((engine) => {
  let db: Database;
  before(async () => {
    db = await engine.migrated();
  });

  test('a visitor token is returned once, stored hashed, and only opens its own bot', async () => {
    const { botId } = await createConversation(db);
    const other = await createConversation(db);
    const { visitor, token } = await createVisitor(db, botId);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await findVisitor(db, botId, token), visitor);
    assert.equal(await findVisitor(db, other.botId, token), undefined);
    assert.equal(await findVisitor(db, botId, `${token}x`), undefined);
    assert.equal(await findVisitor(db, botId, ''), undefined);
    const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM visitors WHERE id = $1', [visitor.id]);
    assert.notEqual(stored.rows[0]!.token_hash, token);
    assert.doesNotMatch(stored.rows[0]!.token_hash, new RegExp(token));
  });

  test('a conversation opens on the web channel, with the bot answering and nothing logged yet', async () => {
    const { botId } = await createConversation(db);
    const alice = (await createVisitor(db, botId)).visitor;
    const conversation = await openConversation(db, { botId, visitorId: alice.id });
    assert.deepEqual(conversation, {
      id: conversation.id,
      botId,
      visitorId: alice.id,
      channel: 'web',
      status: 'bot',
      lastSeq: 0,
      failureCount: 0,
    });
  });

  test('a status outside the four is refused by the database', async () => {
    const { conversationId } = await createConversation(db);
    await assert.rejects(db.query("UPDATE conversations SET status = 'lost' WHERE id = $1", [conversationId]));
  });
});
