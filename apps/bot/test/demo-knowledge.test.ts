import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '@parley/model';
import { ensureDemoKnowledge } from '../src/demo/demo-knowledge.ts';
import { listKnowledgeChunks } from '../src/db/knowledge-store.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation } from './support/fixtures.ts';
import { silentLogger } from './support/logger.ts';

let encoder: Encoder;
before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false });
});
after(() => encoder.close());

forEachEngine((engine) => {
  test('the demo help centre is indexed with each article linked, re-synced for free, and answers a shop question', async () => {
    const db = await engine.migrated();
    const botId = (await createConversation(db)).botId;
    const knowledge = new KnowledgeBase(db, encoder);
    await ensureDemoKnowledge(knowledge, botId, silentLogger());
    const documents = await knowledge.list(botId);
    assert.equal(documents.length, 28);
    assert.ok(documents.every((d) => d.status === 'indexed' && d.url?.startsWith('https://help.parley.example/')));
    const shipping = documents.find((d) => d.url === 'https://help.parley.example/en/shipping')!;
    assert.equal(shipping.title, 'Shipping and delivery');
    // The Source line is the document's link, not text a customer should be quoted.
    const chunks = await listKnowledgeChunks(db, botId, shipping.id);
    assert.ok(chunks.every((c) => !c.text.includes('Source:')));

    await ensureDemoKnowledge(knowledge, botId, silentLogger());
    const again = await knowledge.list(botId);
    assert.deepEqual(
      again.map((d) => d.indexedAt),
      documents.map((d) => d.indexedAt),
    );

    const { answer } = await knowledge.answer(botId, 'do gift cards expire?');
    assert.match(answer!.text, /valid for 3 years/);
    assert.equal(answer!.source.url, 'https://help.parley.example/en/gift-cards-and-gift-wrapping');
  });
}, 'pglite');
