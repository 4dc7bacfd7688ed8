import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '@parley/model';
import type { Database } from '../src/db/database.ts';
import {
  beatKnowledgeSource,
  claimDueKnowledgeSources,
  claimKnowledgeSource,
  deleteKnowledgeSource,
  finishKnowledgeSource,
  insertKnowledgeSource,
} from '../src/db/knowledge-source-store.ts';
import { listKnowledgeChunks } from '../src/db/knowledge-store.ts';
import { KnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { forEachEngine } from './support/engines.ts';
import { createConversation } from './support/fixtures.ts';

let encoder: Encoder;
before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: false });
});
after(() => encoder.close());

const STALE_MS = 60_000;

forEachEngine((engine) => {
  let db: Database;
  let botId: string;
  before(async () => {
    db = await engine.migrated();
    botId = (await createConversation(db)).botId;
  });

  test('a source is held by one run at a time: claimed again only once that run finished or stopped beating', async () => {
    const source = await insertKnowledgeSource(db, botId, {
      url: 'https://help.example.com/',
      kind: 'site',
      maxPages: 10,
      resyncEveryHours: 2,
    });
    assert.ok(source);
    assert.equal(source.status, 'queued');
    assert.equal(
      await insertKnowledgeSource(db, botId, { url: 'https://help.example.com/', kind: 'page', maxPages: 1, resyncEveryHours: null }),
      undefined,
      'one source per URL and bot',
    );
    assert.equal(await claimKnowledgeSource(db, botId, source.id, STALE_MS), undefined, 'held by the run that added it');
    assert.ok(await beatKnowledgeSource(db, source.id, source.runId, 'crawling'));
    assert.equal(await beatKnowledgeSource(db, source.id, '00000000-0000-4000-8000-000000000000'), false, 'another run cannot beat it');
    assert.equal(
      await finishKnowledgeSource(db, source.id, '00000000-0000-4000-8000-000000000000', {
        status: 'synced',
        error: null,
        pagesFound: 1,
        pagesSkipped: 0,
      }),
      false,
    );
    assert.ok(await finishKnowledgeSource(db, source.id, source.runId, { status: 'synced', error: null, pagesFound: 3, pagesSkipped: 1 }));

    const again = await claimKnowledgeSource(db, botId, source.id, STALE_MS);
    assert.ok(again);
    assert.notEqual(again.runId, source.runId);
    assert.equal(again.pagesFound, 3);
    assert.ok(again.lastSyncedAt);
    const hours = (Date.parse(again.nextSyncAt!) - Date.parse(again.lastSyncedAt)) / 3_600_000;
    assert.ok(Math.abs(hours - 2) < 0.01);
    assert.equal(
      await finishKnowledgeSource(db, source.id, source.runId, { status: 'failed', error: 'x', pagesFound: 0, pagesSkipped: 0 }),
      false,
      'the old run lost it',
    );

    // Its process died: no heartbeat for longer than the stale time.
    await db.query(`UPDATE knowledge_crawl_sources SET heartbeat_at = now() - interval '2 minutes' WHERE id = $1`, [source.id]);
    const taken = await claimKnowledgeSource(db, botId, source.id, STALE_MS);
    assert.ok(taken);
    assert.equal(await beatKnowledgeSource(db, source.id, again.runId), false, 'the dead run cannot come back');
    assert.ok(
      await finishKnowledgeSource(db, source.id, taken.runId, { status: 'failed', error: 'site down', pagesFound: 0, pagesSkipped: 0 }),
    );
    assert.equal(
      await claimKnowledgeSource(db, botId, source.id, STALE_MS).then((s) => s?.lastSyncedAt),
      again.lastSyncedAt,
      'a failed run keeps the last good sync time',
    );
  });

  test('due sources are claimed once, oldest due first, at most `limit` at a time', async () => {
    const bot = (await createConversation(db)).botId;
    const ids: string[] = [];
    for (const path of ['a', 'b', 'c']) {
      const source = await insertKnowledgeSource(db, bot, {
        url: `https://due.example.com/${path}`,
        kind: 'page',
        maxPages: 1,
        resyncEveryHours: 1,
      });
      await finishKnowledgeSource(db, source!.id, source!.runId, { status: 'synced', error: null, pagesFound: 1, pagesSkipped: 0 });
      ids.push(source!.id);
    }
    // a and b are due (a longer ago), c is not yet.
    await db.query(
      `UPDATE knowledge_crawl_sources SET next_sync_at = now() + interval '1 minute' * (u.ordinality - 2.5)
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ordinality) WHERE knowledge_crawl_sources.id = u.id`,
      [ids],
    );
    const mine = async (limit: number) =>
      (await claimDueKnowledgeSources(db, STALE_MS, limit)).map((source) => source.id).filter((id) => ids.includes(id));
    assert.deepEqual(await mine(1), [ids[0]]);
    assert.deepEqual(await mine(10), [ids[1]]);
    assert.deepEqual(await mine(10), [], 'claimed sources are not claimed again, and c is not due');
  });

  test('deleting a source deletes the documents it fetched (and their chunks), not the others; chunks list in order', async () => {
    const bot = (await createConversation(db)).botId;
    const kb = new KnowledgeBase(db, encoder);
    const source = (await insertKnowledgeSource(db, bot, {
      url: 'https://docs.example.com/',
      kind: 'site',
      maxPages: 5,
      resyncEveryHours: null,
    }))!;
    const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} explains how the warranty covers part number ${i}.`).join('\n\n');
    const crawled = await kb.index(bot, {
      title: 'Warranty',
      source: 'url',
      url: 'https://docs.example.com/warranty',
      content: long,
      crawlSourceId: source.id,
    });
    const uploaded = await kb.index(bot, { title: 'Upload', source: 'upload', content: 'Opening hours: nine to five.' });
    assert.ok(crawled.ok && uploaded.ok);
    assert.equal((await kb.find(bot, crawled.documentId))!.crawlSourceId, source.id);
    assert.equal((await kb.find(bot, uploaded.documentId))!.crawlSourceId, null);

    const chunks = await listKnowledgeChunks(db, bot, crawled.documentId);
    assert.ok(chunks.length > 1);
    assert.deepEqual(
      chunks.map((chunk) => chunk.ordinal),
      chunks.map((_, i) => i),
    );
    assert.ok(chunks.every((chunk) => typeof chunk.id === 'number' && chunk.language === 'en'));
    assert.match(chunks[0]!.text, /^Paragraph 0/);
    assert.deepEqual(await listKnowledgeChunks(db, bot, uploaded.documentId).then((c) => c.length), 1);
    assert.deepEqual(await listKnowledgeChunks(db, botId, crawled.documentId), [], "another bot's document has no chunks for it");

    assert.ok(await deleteKnowledgeSource(db, bot, source.id));
    assert.equal(await kb.find(bot, crawled.documentId), undefined);
    assert.deepEqual(await listKnowledgeChunks(db, bot, crawled.documentId), []);
    assert.ok(await kb.find(bot, uploaded.documentId));
    assert.equal(await deleteKnowledgeSource(db, bot, source.id), false);
  });
});
