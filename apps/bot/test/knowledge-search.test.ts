import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '@parley/model';
import { ZodError } from 'zod';
import type { Database } from '../src/db/database.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation } from './support/fixtures.ts';
import { KNOWLEDGE_DOCS } from './support/knowledge-corpus.ts';

let encoder: Encoder;
before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false });
});
after(() => encoder.close());

forEachEngine((engine) => {
  let db: Database;
  let kb: KnowledgeBase;
  let botId: string;
  const ids: Record<string, string> = {};
  before(async () => {
    db = await engine.migrated();
    kb = new KnowledgeBase(db, encoder);
    botId = (await createConversation(db)).botId;
    for (const [key, doc] of Object.entries(KNOWLEDGE_DOCS)) {
      const outcome = await kb.index(botId, doc);
      assert.equal(outcome.status, 'indexed', key);
      ids[key] = outcome.documentId!;
    }
  });

  test('an English paraphrase sharing few words finds its document first, with both methods reported', async () => {
    const [best] = await kb.search(botId, 'how long until I get my money back?');
    assert.equal(best!.documentId, ids['returns']);
    assert.equal(best!.title, 'Returns and refunds');
    assert.equal(best!.url, 'https://help.example.com/returns');
    assert.match(best!.text, /Refunds go back/);
    assert.equal(best!.dense?.rank, 1);
    assert.ok(best!.dense!.score > 0.3 && best!.dense!.score <= 1);
    assert.equal(best!.lexical?.method, 'fulltext');
    assert.ok(best!.confidence === best!.dense!.score);
  });

  test('dense alone and lexical alone are available for measuring', async () => {
    const dense = await kb.search(botId, 'I forgot my login credentials', { mode: 'dense' });
    assert.equal(dense[0]!.documentId, ids['password']);
    assert.ok(dense.every((p) => p.lexical === null && p.dense !== null && p.language === 'en'));
    const lexical = await kb.search(botId, 'express delivery', { mode: 'lexical' });
    assert.equal(lexical[0]!.documentId, ids['shipping']);
    assert.ok(lexical.every((p) => p.dense === null && p.lexical?.method === 'fulltext'));
  });

  test('a Chinese question finds the Chinese passage on character bigrams', async () => {
    const passages = await kb.search(botId, '退款多久能到账？');
    assert.equal(passages[0]!.documentId, ids['zhReturns']);
    assert.equal(passages[0]!.lexical?.method, 'bigram');
    // USE-lite cannot read Chinese, so hybrid leaves dense out for Chinese questions.
    assert.equal(passages[0]!.dense, null);
    assert.ok(passages.every((p) => p.language === 'zh'));
    const shipping = await kb.search(botId, '满多少钱免运费');
    assert.equal(shipping[0]!.documentId, ids['zhShipping']);
  });

  test('hybrid ranks by reciprocal rank fusion of the two lists', async () => {
    const passages = await kb.search(botId, 'when does the refund arrive on my card', { limit: 10 });
    for (const p of passages) {
      const expected = (p.dense ? 1 / (10 + p.dense.rank) : 0) + (p.lexical ? 1 / (10 + p.lexical.rank) : 0);
      assert.ok(Math.abs(p.score - expected) < 1e-12, `${p.chunkId}: ${p.score} vs ${expected}`);
    }
    const scores = passages.map((p) => p.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  test('the search cache follows writes: a deleted document is no longer found, a new one is', async () => {
    // Another process: sees writes on its next search, as its revision check is not throttled here.
    const other = new KnowledgeBase(db, encoder, { revisionCheckMs: 0 });
    const bot = (await createConversation(db)).botId;
    const added = await kb.index(bot, KNOWLEDGE_DOCS.password);
    assert.equal((await other.search(bot, 'reset my password'))[0]!.documentId, added.documentId);
    // Deleted through the first instance: the other one's revision check notices.
    await kb.remove(bot, added.documentId!);
    assert.deepEqual(await other.search(bot, 'reset my password'), []);
    const again = await kb.index(bot, KNOWLEDGE_DOCS.shipping);
    assert.equal((await other.search(bot, 'how much is postage'))[0]!.documentId, again.documentId);
  });

  test('the extractive answer cites the best passage, and is null below the threshold', async () => {
    const { answer, passages } = await kb.answer(botId, 'how do I reset my password', {
      extractive: { threshold: { en: 0.3, zh: 0.3 } },
    });
    assert.ok(answer);
    assert.equal(answer.source.documentId, ids['password']);
    assert.equal(answer.source.title, 'Signing in');
    assert.match(answer.text, /reset link/);
    assert.equal(answer.confidence, passages[0]!.confidence);
    const unsure = await kb.answer(botId, 'what is the capital of Mongolia', { extractive: { threshold: { en: 0.99, zh: 0.99 } } });
    assert.equal(unsure.answer, null);
    assert.ok(unsure.passages.length > 0);
    const zh = await kb.answer(botId, '退款多久能到账', { extractive: { threshold: { en: 0.5, zh: 0.1 } } });
    assert.equal(zh.answer?.source.documentId, ids['zhReturns']);
  });

  test('the retriever returns LangChain Documents with their source in metadata', async () => {
    const docs = await kb.retriever(botId, { limit: 2 }).invoke('how much does shipping cost');
    assert.equal(docs.length, 2);
    assert.equal(docs[0]!.metadata.documentId, ids['shipping']);
    assert.equal(docs[0]!.metadata.title, 'Shipping');
    assert.equal(docs[0]!.metadata.url, null);
    assert.equal(typeof docs[0]!.metadata.score, 'number');
    assert.match(docs[0]!.pageContent, /4\.95 euros/);
  });

  test('an empty query is rejected with a validation error; a bot without knowledge finds nothing', async () => {
    await assert.rejects(kb.search(botId, '   '), ZodError);
    const empty = (await createConversation(db)).botId;
    assert.deepEqual(await kb.search(empty, 'refund'), []);
    assert.equal((await kb.answer(empty, 'refund')).answer, null);
  });
});
