import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { examplesPageSchema, importResultSchema, intentsResultSchema, type CustomerConversationEvent } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import { EventLog } from './support/events.ts';
import {
  assertApiError,
  call,
  connectCustomer,
  download,
  serveTinyModel,
  startTwoWorkspaces,
  tinyModelArtifact,
  type ApiHarness,
  type LooseJson,
  type SeededWorkspace,
} from './support/api-harness.ts';

// Commas, quotes, a line break and Chinese: everything a CSV or JSONL writer can get wrong.
const TRICKY = 'He said, "where is it?"\nThen: 我的订单在哪里？';

before(() => tinyModelArtifact(), { timeout: 120_000 });

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let globex: SeededWorkspace;
  let adminToken: string;
  let agentToken: string;
  let outsiderToken: string;

  before(async () => {
    const setUp = await startTwoWorkspaces(await engine.migrated());
    ({ api, acme, globex } = setUp);
    ({ admin: adminToken, agent: agentToken, outsider: outsiderToken } = setUp.tokens);
  });
  after(() => api?.close());

  const url = (path: string, bot = acme.bot.id) => `${api.base}/bots/${bot}${path}`;
  const changes = async (bot = acme.bot.id) =>
    (
      await api.ctx.db.query<{ action: string; operator_id: string; detail: LooseJson }>(
        'SELECT action, operator_id, detail FROM domain_changes WHERE bot_id = $1 ORDER BY created_at, id',
        [bot],
      )
    ).rows;
  const countExamples = async (bot = acme.bot.id) =>
    (await api.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM training_examples WHERE bot_id = $1', [bot])).rows[0]!.n;
  const intents = async (token = agentToken) => intentsResultSchema.parse((await call(url('/intents'), { token })).body).intents;

  test('GET /operators: the caller’s colleagues, never another workspace’s', async () => {
    const response = await call(`${api.base}/operators`, { token: agentToken });
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body.operators,
      [acme.admin, acme.agent]
        .map(({ id, displayName, email, role }) => ({ id, displayName, email, role }))
        .sort((a, b) => a.email.localeCompare(b.email)),
    );
    assertApiError(await call(`${api.base}/operators`), 401, 'unauthorized');
  });

  describe('intents', () => {
    test('PUT creates and updates an intent’s display name and answer; a bad answer is a 400 naming the field; all audited', async () => {
      const put = (intent: string, body: unknown, token = adminToken) => call(url(`/intents/${intent}`), { method: 'PUT', token, body });
      const created = await put('opening_hours', { displayName: 'Opening hours', answer: { text: 'We are open 9–5.' } });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual(created.body.intent, {
        name: 'opening_hours',
        displayName: 'Opening hours',
        trainExamples: 0,
        testExamples: 0,
        answer: { text: 'We are open 9–5.' },
        translations: { zh: { displayName: null, answer: null } },
      });
      const quickReplies = [{ label: 'Track it', value: 'track_order' }];
      const updated = await put('opening_hours', { answer: { text: 'Open 9–6 now.', quickReplies } });
      assert.deepEqual(updated.body.intent.answer, { text: 'Open 9–6 now.', quickReplies });
      assert.equal(updated.body.intent.displayName, 'Opening hours', 'absent fields are left as they were');
      assert.deepEqual(
        (await intents()).find((i) => i.name === 'opening_hours'),
        updated.body.intent,
      );

      assert.match(assertApiError(await put('opening_hours', { answer: { text: '   ' } }), 400, 'invalid_payload'), /body\.answer\.text/);
      assert.match(
        assertApiError(await put('opening_hours', { answer: { text: 'x', quickReplies: [] } }), 400, 'invalid_payload'),
        /body\.answer\.quickReplies/,
      );
      assert.match(assertApiError(await put('opening_hours', { answer: { txt: 'x' } }), 400, 'invalid_payload'), /body\.answer/);
      assert.match(assertApiError(await put('brand_new', {}), 400, 'invalid_payload'), /displayName, an answer or examples/);
      assertApiError(await put('opening_hours', { displayName: 'Nope' }, agentToken), 403, 'unauthorized');
      assertApiError(
        await call(url('/intents/opening_hours', globex.bot.id), { method: 'PUT', token: adminToken, body: {} }),
        404,
        'not_found',
      );

      const audit = await changes();
      assert.deepEqual(
        audit.map((c) => [c.action, c.operator_id]),
        [
          ['intent.update', acme.admin.id],
          ['intent.update', acme.admin.id],
        ],
      );
      assert.deepEqual(audit[1]!.detail.before, {
        displayName: 'Opening hours',
        answer: { text: 'We are open 9–5.' },
        translations: { zh: { displayName: null, answer: null } },
      });
      assert.deepEqual(audit[1]!.detail.after.answer, { text: 'Open 9–6 now.', quickReplies });
      const stored = (await api.ctx.db.query<{ config: LooseJson }>('SELECT config FROM bots WHERE id = $1', [acme.bot.id])).rows[0]!
        .config;
      assert.deepEqual(stored.intentDisplayNames, { opening_hours: 'Opening hours' });
    });

    test('DELETE removes the intent’s examples and answer; a second DELETE is a 404', async () => {
      for (const [text, split] of [
        ['when do you open', 'train'],
        ['are you open on sunday', 'test'],
      ])
        assert.equal(
          (await call(url('/examples'), { token: adminToken, body: { task: 'intent', text, label: 'opening_hours', split } })).status,
          201,
        );
      const listed = (await intents()).find((i) => i.name === 'opening_hours')!;
      assert.deepEqual([listed.trainExamples, listed.testExamples], [1, 1]);
      assertApiError(await call(url('/intents/opening_hours'), { method: 'DELETE', token: agentToken }), 403, 'unauthorized');
      assert.equal((await call(url('/intents/opening_hours'), { method: 'DELETE', token: adminToken })).status, 204);
      assert.equal(
        (await intents()).find((i) => i.name === 'opening_hours'),
        undefined,
      );
      assert.equal(await countExamples(), 0);
      assertApiError(await call(url('/intents/opening_hours'), { method: 'DELETE', token: adminToken }), 404, 'not_found');
      const last = (await changes()).at(-1)!;
      assert.equal(last.action, 'intent.delete');
      assert.equal(last.detail.removedExamples, 2);
    });

    test('a new answer is what the running bot says next, without a restart', async () => {
      await serveTinyModel(api.ctx, acme.bot.id);
      const customer = await connectCustomer(api, acme.bot);
      const events = new EventLog<CustomerConversationEvent>(customer, 'conversation:event');
      const joined = await customer.timeout(5000).emitWithAck('conversation:join', { lastSeq: 0 });
      const send = async (clientMessageId: string) => {
        const ack = await customer
          .timeout(5000)
          .emitWithAck('message:send', { conversationId: joined.conversationId, clientMessageId, text: 'track my package' });
        assert.equal(ack.ok, true, JSON.stringify(ack));
        return events.waitFor((e) => e.type === 'message' && e.message.author === 'bot' && e.seq > ack.seq);
      };
      const before = await send('m1');
      assert.ok(before.type === 'message' && !before.message.text.includes('Parcels'), 'no answer configured yet');
      const put = await call(url('/intents/track_order'), {
        method: 'PUT',
        token: adminToken,
        body: { answer: { text: 'Parcels: see My orders.' } },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const reply = await send('m2');
      assert.ok(reply.type === 'message');
      assert.equal(reply.message.text, 'Parcels: see My orders.');
    });
  });

  describe('examples', () => {
    test('create, list with filters and paging, patch and delete; duplicates are 409; every write audited', async () => {
      const before = (await changes()).length;
      const post = (body: unknown, token = adminToken) => call(url('/examples'), { token, body });
      const created = await post({ task: 'intent', text: 'Where is parcel 1?', label: 'track_order' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const example = created.body.example;
      assert.equal(example.source, 'editor');
      assert.equal(example.split, 'train');
      assert.deepEqual(example.createdBy, { id: acme.admin.id, name: acme.admin.displayName });
      assert.equal(example.messageId, null);
      assertApiError(await post({ task: 'intent', text: 'Where is parcel 1?', label: 'track_order', split: 'test' }), 409, 'conflict');
      assertApiError(await post({ task: 'intent', text: 'x', label: 'y' }, agentToken), 403, 'unauthorized');
      assert.match(assertApiError(await post({ task: 'topic', text: '', label: 'y' }), 400, 'invalid_payload'), /body\.task.*body\.text/);
      for (let i = 2; i <= 5; i++)
        await post({ task: 'intent', text: `Where is parcel ${i}?`, label: 'track_order', split: i % 2 ? 'test' : 'train' });
      await post({ task: 'sentiment', text: 'Where is parcel 9? I am furious', label: 'negative' });

      const list = async (query: string) => examplesPageSchema.parse((await call(url(`/examples${query}`), { token: agentToken })).body);
      const page = await list('?task=intent&q=PARCEL&limit=2&offset=1');
      assert.equal(page.total, 5);
      assert.equal(page.examples.length, 2);
      assert.deepEqual((await list('?split=test&task=intent')).examples.map((e) => e.text).sort(), [
        'Where is parcel 3?',
        'Where is parcel 5?',
      ]);
      assert.equal((await list('?label=negative')).total, 1);
      assert.equal((await list('?q=100%25')).total, 0, 'a % in the search is plain text');
      assert.match(assertApiError(await call(url('/examples?limit=501'), { token: agentToken }), 400, 'invalid_payload'), /query\.limit/);

      const patch = (id: string, body: unknown, token = adminToken) => call(url(`/examples/${id}`), { method: 'PATCH', token, body });
      const patched = await patch(example.id, { text: 'Where is parcel one?', split: 'test' });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.deepEqual(
        [patched.body.example.text, patched.body.example.split, patched.body.example.label],
        ['Where is parcel one?', 'test', 'track_order'],
      );
      assertApiError(await patch(example.id, { text: 'Where is parcel 2?' }), 409, 'conflict');
      assert.match(assertApiError(await patch(example.id, {}), 400, 'invalid_payload'), /at least one/);
      assertApiError(await patch(example.id, { split: 'train' }, agentToken), 403, 'unauthorized');
      assertApiError(await patch('00000000-0000-4000-8000-000000000000', { split: 'train' }), 404, 'not_found');
      assertApiError(
        await call(url(`/examples/${example.id}`, globex.bot.id), { method: 'PATCH', token: outsiderToken, body: { split: 'train' } }),
        404,
        'not_found',
      );
      assertApiError(await call(url(`/examples/${example.id}`), { method: 'DELETE', token: outsiderToken }), 404, 'not_found');

      assert.equal((await call(url(`/examples/${example.id}`), { method: 'DELETE', token: adminToken })).status, 204);
      assertApiError(await call(url(`/examples/${example.id}`), { method: 'DELETE', token: adminToken }), 404, 'not_found');
      const audit = (await changes()).slice(before);
      assert.deepEqual(
        audit.map((c) => c.action),
        [
          'example.create',
          'example.create',
          'example.create',
          'example.create',
          'example.create',
          'example.create',
          'example.update',
          'example.delete',
        ],
      );
      assert.equal(audit[6]!.detail.before.text, 'Where is parcel 1?');
      assert.equal(audit[6]!.detail.after.text, 'Where is parcel one?');
      assert.equal(audit[7]!.detail.before.id, example.id);
    });

    test('export → import round-trips texts with commas, quotes, line breaks and Chinese, in both formats', async () => {
      await call(url('/examples'), { token: adminToken, body: { task: 'intent', text: TRICKY, label: 'track_order', split: 'test' } });
      for (const format of ['jsonl', 'csv'] as const) {
        const exported = await download(url(`/examples/export?task=intent&format=${format}`), agentToken);
        assert.equal(exported.status, 200);
        assert.match(
          exported.headers.get('content-type') ?? '',
          format === 'csv' ? /^text\/csv; charset=utf-8/ : /^application\/x-ndjson; charset=utf-8/,
        );
        assert.match(
          exported.headers.get('content-disposition') ?? '',
          new RegExp(`^attachment; filename="?intent-examples\\.${format}"?$`),
        );
        assert.ok(
          exported.text.includes(format === 'csv' ? '"He said, ""where is it?""\nThen: 我的订单在哪里？"' : JSON.stringify(TRICKY)),
        );

        const imported = await call(url('/examples/import', globex.bot.id), {
          token: outsiderToken,
          body: { task: 'intent', format, mode: 'replace', content: exported.text },
        });
        assert.equal(imported.status, 200, JSON.stringify(imported.body));
        const result = importResultSchema.parse(imported.body);
        assert.equal(result.imported, 5);
        assert.equal(result.duplicates, 0);
        const again = await download(url(`/examples/export?task=intent&format=${format}`, globex.bot.id), outsiderToken);
        assert.equal(again.text, exported.text);
        const page = examplesPageSchema.parse(
          (await call(url('/examples?split=test&q=订单', globex.bot.id), { token: outsiderToken })).body,
        );
        assert.deepEqual(
          page.examples.map((e) => [e.text, e.source]),
          [[TRICKY, 'import']],
        );

        const appended = await call(url('/examples/import', globex.bot.id), {
          token: outsiderToken,
          body: { task: 'intent', format, mode: 'append', content: exported.text },
        });
        assert.deepEqual(appended.body, { imported: 0, duplicates: 5, removed: 0 });
      }
      assertApiError(
        await download(url('/examples/export?task=intent&format=xml'), agentToken).then((r) => ({ ...r, body: JSON.parse(r.text) })),
        400,
        'invalid_payload',
      );
      assertApiError(await call(url('/examples/export?task=intent&format=csv'), { token: outsiderToken }), 404, 'not_found');
    });

    test('import is all or nothing: bad lines are a 400 naming them, and nothing is stored', async () => {
      const before = await countExamples();
      const auditBefore = (await changes()).length;
      const importing = (format: string, content: string, token = adminToken) =>
        call(url('/examples/import'), { token, body: { task: 'intent', format, mode: 'append', content } });
      const jsonl = [
        '{"text":"fine one","label":"a"}',
        '{"text":"broken',
        '{"text":"fine two","label":"a"}',
        '{"text":"no label"}',
        '{"text":"x","label":"a","split":"dev"}',
      ];
      const message = assertApiError(await importing('jsonl', jsonl.join('\n')), 400, 'invalid_payload');
      assert.match(message, /line 2: not valid JSON/);
      const typed = assertApiError(await importing('jsonl', [jsonl[0], jsonl[3], jsonl[4]].join('\n')), 400, 'invalid_payload');
      assert.match(typed, /line 2: label: .*line 3: split: /);
      const csv = 'text,label,split\nfine,a,train\n"multi\nline",b,\nempty label,,test\n';
      assert.match(assertApiError(await importing('csv', csv), 400, 'invalid_payload'), /^nothing was imported: line 5: label: /);
      assert.match(assertApiError(await importing('csv', 'text,label\n"unclosed,a\n'), 400, 'invalid_payload'), /line 2/);
      assert.match(assertApiError(await importing('csv', 'words,tag\nhello,a\n'), 400, 'invalid_payload'), /header/);
      assert.match(assertApiError(await importing('jsonl', '\n\n'), 400, 'invalid_payload'), /no examples/);
      assertApiError(await importing('jsonl', jsonl[0]!, agentToken), 403, 'unauthorized');
      assert.equal(await countExamples(), before);
      assert.equal((await changes()).length, auditBefore);
    });

    test('a 1 MB import is accepted (the route’s own body limit), 6 MB is a 413; other routes stay at 64 KB', async () => {
      const lines = Array.from({ length: 5000 }, (_, i) =>
        JSON.stringify({ text: `bulk example number ${i} ${'x'.repeat(160)}`, label: 'bulk' }),
      );
      const content = lines.join('\n');
      assert.ok(content.length > 1024 * 1024);
      const imported = await call(url('/examples/import'), {
        token: adminToken,
        body: { task: 'intent', format: 'jsonl', mode: 'append', content },
      });
      assert.deepEqual(imported.body, { imported: 5000, duplicates: 0, removed: 0 });
      const huge = await call(url('/examples/import'), {
        token: adminToken,
        body: { task: 'intent', format: 'jsonl', mode: 'append', content: 'x'.repeat(6 * 1024 * 1024) },
      });
      assert.match(assertApiError(huge, 413, 'invalid_payload'), /5 MB/);
      const big = await call(url('/examples'), { token: adminToken, body: { task: 'intent', text: 'x'.repeat(70 * 1024), label: 'a' } });
      assert.match(assertApiError(big, 413, 'invalid_payload'), /64 KB/);
    });

    test('replace swaps the task’s seed, import and editor examples, keeps corrections and the other task', async () => {
      const db = api.ctx.db;
      await db.query(`DELETE FROM training_examples WHERE bot_id = $1`, [acme.bot.id]);
      await db.query(
        `INSERT INTO training_examples (bot_id, task, text, label, source) VALUES
         ($1, 'intent', 'seeded', 'a', 'seed'), ($1, 'intent', 'imported', 'a', 'import'), ($1, 'intent', 'corrected', 'b', 'correction'),
         ($1, 'sentiment', 'great', 'positive', 'seed')`,
        [acme.bot.id],
      );
      await call(url('/examples'), { token: adminToken, body: { task: 'intent', text: 'edited', label: 'a' } });
      const content = ['{"text":"new one","label":"a"}', '{"text":"corrected","label":"b"}', '{"text":"new one","label":"a"}'].join('\n');
      const replaced = await call(url('/examples/import'), {
        token: adminToken,
        body: { task: 'intent', format: 'jsonl', mode: 'replace', content },
      });
      assert.deepEqual(replaced.body, { imported: 1, duplicates: 2, removed: 3 });
      const { rows } = await db.query<{ text: string; source: string }>(
        'SELECT text, source FROM training_examples WHERE bot_id = $1 ORDER BY text',
        [acme.bot.id],
      );
      assert.deepEqual(rows, [
        { text: 'corrected', source: 'correction' },
        { text: 'great', source: 'seed' },
        { text: 'new one', source: 'import' },
      ]);
      const last = (await changes()).at(-1)!;
      assert.deepEqual(
        [last.action, last.detail],
        ['examples.import', { task: 'intent', format: 'jsonl', mode: 'replace', imported: 1, duplicates: 2, removed: 3 }],
      );
    });
  });
});
