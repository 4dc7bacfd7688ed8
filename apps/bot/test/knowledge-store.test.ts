import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '@parley/model';
import type { Database } from '../src/db/database.ts';
import { knowledgeRevision, listKnowledgeDocuments, loadKnowledgeChunks, readKnowledgeContent } from '../src/db/knowledge-store.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation } from './support/fixtures.ts';
import { KNOWLEDGE_DOCS } from './support/knowledge-corpus.ts';

let encoder: Encoder;
before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false });
});
after(() => encoder.close());

/** An encoder that fails every call: the pipeline must record why. */
const brokenEncoder = (): Encoder => ({
  ...encoder,
  id: encoder.id,
  dim: encoder.dim,
  embed: () => Promise.reject(new Error('onnxruntime: out of memory')),
});

forEachEngine((engine) => {
  let db: Database;
  let kb: KnowledgeBase;
  let botId: string;
  before(async () => {
    db = await engine.migrated();
    kb = new KnowledgeBase(db, encoder);
  });
  const freshBot = async () => {
    botId = (await createConversation(db)).botId;
    return botId;
  };

  test('indexing stores the document as indexed with its chunks, vectors and language', async () => {
    await freshBot();
    const outcome = await kb.index(botId, KNOWLEDGE_DOCS.returns);
    assert.equal(outcome.ok, true);
    assert.equal(outcome.status, 'indexed');
    const [doc] = await kb.list(botId);
    assert.equal(doc!.status, 'indexed');
    assert.equal(doc!.error, null);
    assert.equal(doc!.source, 'url');
    assert.equal(doc!.url, 'https://help.example.com/returns');
    assert.ok(doc!.indexedAt);
    const chunks = await loadKnowledgeChunks(db, botId);
    assert.equal(chunks.length, doc!.chunkCount);
    assert.ok(chunks.length >= 1);
    assert.deepEqual(
      chunks.map((chunk) => chunk.ordinal),
      chunks.map((_, i) => i),
    );
    for (const chunk of chunks) {
      assert.equal(chunk.language, 'en');
      assert.equal(chunk.embedding.length, 512);
      // Stored bytes come back as the same unit vector.
      assert.ok(Math.abs(Math.hypot(...chunk.embedding) - 1) < 1e-3);
    }
    assert.equal(await readKnowledgeContent(db, botId, doc!.id), KNOWLEDGE_DOCS.returns.content);
  });

  test('a Chinese document gets zh chunks', async () => {
    await freshBot();
    await kb.index(botId, KNOWLEDGE_DOCS.zhReturns);
    const chunks = await loadKnowledgeChunks(db, botId);
    assert.ok(chunks.length >= 1);
    assert.ok(chunks.every((chunk) => chunk.language === 'zh'));
  });

  test('an encoder failure leaves the document failed with the reason, and a retry indexes it', async () => {
    await freshBot();
    const broken = new KnowledgeBase(db, brokenEncoder());
    const outcome = await broken.index(botId, KNOWLEDGE_DOCS.password);
    assert.equal(outcome.ok, false);
    assert.ok(outcome.documentId);
    const doc = await kb.find(botId, outcome.documentId);
    assert.equal(doc!.status, 'failed');
    assert.match(doc!.error!, /out of memory/);
    assert.equal(doc!.chunkCount, 0);
    // Same content again with a working encoder: failed documents are never "unchanged".
    const retry = await kb.index(botId, { ...KNOWLEDGE_DOCS.password, id: outcome.documentId });
    assert.equal(retry.status, 'indexed');
    assert.equal((await kb.find(botId, outcome.documentId))!.status, 'indexed');
  });

  test('invalid input and empty content fail with a clear reason and throw nothing', async () => {
    await freshBot();
    const invalid = await kb.index(botId, { ...KNOWLEDGE_DOCS.returns, url: 'ftp://nope', title: '' });
    assert.equal(invalid.ok, false);
    assert.equal(invalid.documentId, null);
    assert.match(invalid.ok ? '' : invalid.error, /invalid document: .*title.*url|invalid document: .*url.*title/);
    const empty = await kb.index(botId, { title: 'Blank', source: 'api', content: '  \n ' });
    assert.equal(empty.ok, false);
    assert.equal((await kb.find(botId, empty.documentId!))!.error, 'the document has no text to index');
    const missing = await kb.index(botId, { ...KNOWLEDGE_DOCS.shipping, id: '00000000-0000-4000-8000-000000000000' });
    assert.match(missing.ok ? '' : missing.error, /no document/);
  });

  test('re-sync skips unchanged documents and re-embeds only the changed one', async () => {
    await freshBot();
    const docs = [KNOWLEDGE_DOCS.returns, KNOWLEDGE_DOCS.shipping];
    const first = await kb.sync(botId, docs);
    assert.deepEqual(
      first.map((o) => o.status),
      ['indexed', 'indexed'],
    );
    const shippingId = first[1]!.documentId!;
    const before = await loadKnowledgeChunks(db, botId);
    // The URL document is matched by its url, the upload by its id.
    const second = await kb.sync(botId, [KNOWLEDGE_DOCS.returns, { ...KNOWLEDGE_DOCS.shipping, id: shippingId }]);
    assert.deepEqual(
      second.map((o) => o.status),
      ['unchanged', 'unchanged'],
    );
    assert.deepEqual(
      (await loadKnowledgeChunks(db, botId)).map((c) => c.id),
      before.map((c) => c.id),
    );
    const changed = {
      ...KNOWLEDGE_DOCS.returns,
      content: `${KNOWLEDGE_DOCS.returns.content}\n\nSale items can be exchanged but not refunded.`,
    };
    const third = await kb.sync(botId, [changed, { ...KNOWLEDGE_DOCS.shipping, id: shippingId }]);
    assert.deepEqual(
      third.map((o) => o.status),
      ['indexed', 'unchanged'],
    );
    assert.equal(third[0]!.documentId, first[0]!.documentId);
    const after = await loadKnowledgeChunks(db, botId);
    const idsOf = (chunks: typeof after, doc: string) => chunks.filter((c) => c.documentId === doc).map((c) => c.id);
    assert.deepEqual(idsOf(after, shippingId), idsOf(before, shippingId));
    const returnsId = first[0]!.documentId!;
    assert.ok(idsOf(after, returnsId).every((id) => !idsOf(before, returnsId).includes(id)));
    assert.ok(after.some((c) => c.text.includes('Sale items')));
    assert.equal((await listKnowledgeDocuments(db, botId)).length, 2);
  });

  test('a new title alone is applied without re-embedding', async () => {
    await freshBot();
    const first = await kb.index(botId, KNOWLEDGE_DOCS.shipping);
    const revision = await knowledgeRevision(db, botId);
    const chunkIds = (await loadKnowledgeChunks(db, botId)).map((c) => c.id);
    const second = await kb.index(botId, { ...KNOWLEDGE_DOCS.shipping, id: first.documentId!, title: 'Delivery' });
    assert.equal(second.status, 'unchanged');
    assert.equal((await kb.find(botId, first.documentId!))!.title, 'Delivery');
    assert.deepEqual(
      (await loadKnowledgeChunks(db, botId)).map((c) => c.id),
      chunkIds,
    );
    assert.notEqual(await knowledgeRevision(db, botId), revision);
  });

  test('delete removes the document and its chunks, only in its own bot', async () => {
    await freshBot();
    const kept = await kb.index(botId, KNOWLEDGE_DOCS.shipping);
    const gone = await kb.index(botId, KNOWLEDGE_DOCS.returns);
    const otherBot = (await createConversation(db)).botId;
    assert.equal(await kb.remove(otherBot, gone.documentId!), false);
    const revision = await knowledgeRevision(db, botId);
    assert.equal(await kb.remove(botId, gone.documentId!), true);
    assert.equal(await kb.remove(botId, gone.documentId!), false);
    assert.deepEqual(
      (await kb.list(botId)).map((d) => d.id),
      [kept.documentId],
    );
    assert.ok((await loadKnowledgeChunks(db, botId)).every((c) => c.documentId === kept.documentId));
    assert.notEqual(await knowledgeRevision(db, botId), revision);
  });
});
