import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { knowledgeCrawlSourceSchema, type KnowledgeCrawlSource } from '@parley/protocol';
import type { Database } from '../src/db/database.ts';
import type { KnowledgeDocument } from '../src/db/knowledge-store.ts';
import { assertApiError, call, login, seedWorkspace, startApi, type ApiHarness, type SeededWorkspace } from './support/api-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { htmlPage, LoopbackSite } from './support/loopback-site.ts';

const WAIT_MS = 60_000;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

forEachEngine((engine) => {
  let db: Database;
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let admin: string;
  let agent: string;
  let outsider: string;
  const site = new LoopbackSite();

  before(async () => {
    db = await engine.migrated();
    await site.start();
    site
      .set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /private/\n' })
      .set('/', htmlPage('Acme help', ['Welcome to the Acme help centre.'], ['/refunds', '/shipping', '/private/notes', '/gone']))
      .set('/refunds', htmlPage('Refunds', ['Refunds reach your card within five business days of the return.']))
      .set('/shipping', htmlPage('Shipping', ['Standard delivery takes three days; express delivery arrives the next day.']))
      .set('/gone', htmlPage('Old promotion', ['The spring sale gives twenty percent off all blenders.']))
      .set('/private/notes', htmlPage('Private', ['Internal notes.']));
    api = await startApi(db, {
      app: {
        knowledgeCrawl: {
          crawl: { timeoutMs: 5_000, allowPrivateNetworks: true },
          heartbeatMs: 100,
          staleMs: 60_000,
          scheduler: { intervalMs: 100 },
        },
      },
    });
    acme = await seedWorkspace(db, 'Acme');
    const globex = await seedWorkspace(db, 'Globex');
    [admin, agent, outsider] = await Promise.all([
      login(api.base, acme.admin.email),
      login(api.base, acme.agent.email),
      login(api.base, globex.admin.email),
    ]);
  });
  after(async () => {
    await api.ctx.crawls.stop();
    await api.close();
    await site.close();
  });

  const sources = () => `${api.base}/bots/${acme.bot.id}/knowledge/sources`;
  const listSources = async (token = admin): Promise<KnowledgeCrawlSource[]> => {
    const response = await call(sources(), { token });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body.sources.map((source: unknown) => knowledgeCrawlSourceSchema.parse(source));
  };
  const settled = (id: string, after?: string) =>
    eventually(`source ${id} to settle`, async () => {
      const source = (await listSources()).find((s) => s.id === id);
      if (!source || source.status === 'queued' || source.status === 'crawling') return undefined;
      if (after !== undefined && source.lastSyncedAt === after && source.status === 'synced') return undefined;
      return source;
    });
  const documentsOf = async (sourceId: string): Promise<Map<string, KnowledgeDocument>> => {
    const knowledge = await api.ctx.knowledge();
    const documents = (await knowledge.list(acme.bot.id)).filter((doc) => doc.crawlSourceId === sourceId);
    return new Map(documents.map((doc) => [new URL(doc.url!).pathname, doc]));
  };
  const contentHashOf = async (documentId: string) =>
    (await db.query<{ content_hash: string }>('SELECT content_hash FROM knowledge_documents WHERE id = $1', [documentId])).rows[0]
      ?.content_hash;

  describe('a site crawled into the knowledge base', () => {
    let source: KnowledgeCrawlSource;

    test('adding a source answers 202 at once; the crawl indexes the pages robots.txt allows, and they are searchable', async () => {
      const response = await call(sources(), { token: admin, body: { url: site.url('/#top'), kind: 'site', maxPages: 20 } });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      source = knowledgeCrawlSourceSchema.parse(response.body.source);
      assert.equal(source.url, site.url('/'), 'stored without its fragment');
      assert.equal(source.status, 'queued');
      assert.equal(source.resyncEveryHours, null);

      const done = await settled(source.id);
      assert.equal(done.status, 'synced', done.error ?? '');
      assert.equal(done.error, null);
      assert.equal(done.pagesFound, 4);
      assert.equal(done.pagesSkipped, 1, 'the robots.txt-disallowed page');
      assert.ok(done.lastSyncedAt);
      assert.equal(done.nextSyncAt, null);

      const documents = await documentsOf(source.id);
      assert.deepEqual([...documents.keys()].sort(), ['/', '/gone', '/refunds', '/shipping']);
      for (const doc of documents.values()) {
        assert.equal(doc.status, 'indexed');
        assert.equal(doc.source, 'url');
        assert.ok(doc.chunkCount > 0);
      }
      assert.equal(documents.get('/refunds')!.title, 'Refunds');
      const [best] = await (await api.ctx.knowledge()).search(acme.bot.id, 'how many days until the refund reaches my card?');
      assert.equal(best?.url, site.url('/refunds'));
    });

    test('a re-sync re-embeds only the page that changed, and removes the documents of pages that are gone', async () => {
      const before = await documentsOf(source.id);
      const hashes = new Map(await Promise.all([...before].map(async ([path, doc]) => [path, await contentHashOf(doc.id)] as const)));
      site.set('/refunds', htmlPage('Refunds', ['Refunds now reach your card within two business days of the return.']));
      site.set('/gone', { status: 404, body: 'gone' });

      const response = await call(`${sources()}/${source.id}/sync`, { token: admin, method: 'POST' });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.source.status, 'queued');
      const done = await settled(source.id, source.lastSyncedAt ?? undefined);
      assert.equal(done.status, 'synced', done.error ?? '');
      assert.equal(done.pagesFound, 3);
      assert.equal(done.pagesSkipped, 2);

      const afterSync = await documentsOf(source.id);
      assert.deepEqual([...afterSync.keys()].sort(), ['/', '/refunds', '/shipping']);
      for (const path of ['/', '/shipping']) {
        assert.equal(afterSync.get(path)!.indexedAt, before.get(path)!.indexedAt, `${path} was not re-embedded`);
        assert.equal(await contentHashOf(afterSync.get(path)!.id), hashes.get(path));
        assert.equal(afterSync.get(path)!.id, before.get(path)!.id);
      }
      const refunds = afterSync.get('/refunds')!;
      assert.equal(refunds.id, before.get('/refunds')!.id, 'one document per URL: updated in place');
      assert.ok(refunds.indexedAt! > before.get('/refunds')!.indexedAt!, 'the changed page was re-embedded');
      assert.notEqual(await contentHashOf(refunds.id), hashes.get('/refunds'));
      const passages = await (await api.ctx.knowledge()).search(acme.bot.id, 'spring sale on blenders', { mode: 'lexical' });
      assert.ok(passages.every((p) => p.url !== site.url('/gone')));
      source = done;
    });

    test('a crawl already running answers 409; a run left behind by a dead process does not block a new one', async () => {
      site.set('/shipping', { delayMs: 1_000, body: htmlPage('Shipping', ['Standard delivery takes three days.']) });
      const first = await call(`${sources()}/${source.id}/sync`, { token: admin, method: 'POST' });
      assert.equal(first.status, 202);
      const second = await call(`${sources()}/${source.id}/sync`, { token: admin, method: 'POST' });
      assertApiError(second, 409, 'conflict');
      await settled(source.id, source.lastSyncedAt ?? undefined);

      // As a process that died mid-crawl leaves it: 'crawling', held by a run that stopped beating long ago.
      await db.query(
        `UPDATE knowledge_crawl_sources SET status = 'crawling', run_id = gen_random_uuid(), heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
        [source.id],
      );
      const revived = await call(`${sources()}/${source.id}/sync`, { token: admin, method: 'POST' });
      assert.equal(revived.status, 202, JSON.stringify(revived.body));
      source = await settled(source.id);
      assert.equal(source.status, 'synced');
      // A live one (recent heartbeat) still blocks.
      await db.query(
        `UPDATE knowledge_crawl_sources SET status = 'crawling', run_id = gen_random_uuid(), heartbeat_at = now() WHERE id = $1`,
        [source.id],
      );
      assertApiError(await call(`${sources()}/${source.id}/sync`, { token: admin, method: 'POST' }), 409, 'conflict');
      await db.query(`UPDATE knowledge_crawl_sources SET status = 'synced', run_id = NULL, heartbeat_at = NULL WHERE id = $1`, [source.id]);
      site.set('/shipping', htmlPage('Shipping', ['Standard delivery takes three days.']));
    });

    test('deleting the source deletes its documents; the bot no longer finds them', async () => {
      const response = await call(`${sources()}/${source.id}`, { token: admin, method: 'DELETE' });
      assert.equal(response.status, 204);
      assert.equal((await documentsOf(source.id)).size, 0);
      const passages = await (await api.ctx.knowledge()).search(acme.bot.id, 'refund card business days');
      assert.ok(
        passages.every((p) => !p.url?.startsWith(site.origin)),
        JSON.stringify(passages.map((p) => p.url)),
      );
      assert.deepEqual(await listSources(), []);
      assertApiError(await call(`${sources()}/${source.id}`, { token: admin, method: 'DELETE' }), 404, 'not_found');
    });
  });

  test('a source with a schedule is re-crawled by the scheduler once its nextSyncAt has passed', async () => {
    const response = await call(sources(), { token: admin, body: { url: site.url('/shipping'), resyncEveryHours: 24 } });
    assert.equal(response.status, 202, JSON.stringify(response.body));
    const first = await settled(response.body.source.id);
    assert.equal(first.kind, 'page');
    assert.equal(first.maxPages, 50);
    assert.equal(first.status, 'synced');
    const hours = (Date.parse(first.nextSyncAt!) - Date.parse(first.lastSyncedAt!)) / 3_600_000;
    assert.ok(Math.abs(hours - 24) < 0.01, `next sync ${hours} h after the last`);

    const hits = site.hits('/shipping');
    await db.query(`UPDATE knowledge_crawl_sources SET next_sync_at = now() - interval '1 second' WHERE id = $1`, [first.id]);
    const again = await settled(first.id, first.lastSyncedAt!);
    assert.ok(again.lastSyncedAt! > first.lastSyncedAt!);
    assert.ok(Date.parse(again.nextSyncAt!) > Date.now() + 23 * 3_600_000);
    assert.ok(site.hits('/shipping') > hits, 'the page was fetched again');
    assert.equal((await documentsOf(first.id)).size, 1);
  });

  test('a source whose start cannot be read ends failed, with the reason', async () => {
    const response = await call(sources(), { token: admin, body: { url: site.url('/nowhere'), kind: 'page' } });
    assert.equal(response.status, 202);
    const failed = await settled(response.body.source.id);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!, /nowhere: HTTP 404/);
    assert.equal(failed.lastSyncedAt, null);
  });

  test('bad bodies are 400s; the same URL twice is a 409; agents may look but not add; other workspaces see nothing', async () => {
    for (const body of [
      {},
      { url: 'ftp://example.com/' },
      { url: 'not a url' },
      { url: site.url('/x'), kind: 'book' },
      { url: site.url('/x'), maxPages: 0 },
      { url: site.url('/x'), maxPages: 1001 },
      { url: site.url('/x'), resyncEveryHours: 0 },
      { url: site.url('/x'), extra: true },
    ]) {
      assertApiError(await call(sources(), { token: admin, body }), 400, 'invalid_payload');
    }
    assertApiError(await call(sources(), { token: admin, body: '{"url":' }), 400, 'invalid_payload');
    const existing = (await listSources())[0]!;
    assertApiError(await call(sources(), { token: admin, body: { url: existing.url } }), 409, 'conflict');

    assert.equal((await listSources(agent)).length, (await listSources()).length);
    assertApiError(await call(sources(), { token: agent, body: { url: site.url('/y') } }), 403, 'unauthorized');
    assertApiError(await call(`${sources()}/${existing.id}/sync`, { token: agent, method: 'POST' }), 403, 'unauthorized');
    assertApiError(await call(sources(), { token: outsider }), 404, 'not_found');
    assertApiError(await call(`${sources()}/${existing.id}/sync`, { token: outsider, method: 'POST' }), 404, 'not_found');
    assertApiError(await call(`${sources()}/${existing.id}`, { token: outsider, method: 'DELETE' }), 404, 'not_found');
    assertApiError(await call(`${sources()}/not-a-uuid/sync`, { token: admin, method: 'POST' }), 404, 'not_found');
    assertApiError(
      await call(`${sources()}/00000000-0000-4000-8000-000000000000/sync`, { token: admin, method: 'POST' }),
      404,
      'not_found',
    );
  });
});
