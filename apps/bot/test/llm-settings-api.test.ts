/**
 * A bot's language model settings through the real API: the key goes in and never comes out (not in answers, not
 * in the row, not in the logs), bad settings are refused with 400, and the connection test talks to a fake
 * OpenAI-compatible server on loopback, reporting the provider's failures in its body.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { botLlmReplySchema, botUsageSchema, llmTestResultSchema, utcDay } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import { assertApiError, call, login, seedWorkspace, startApi, type ApiHarness, type SeededWorkspace } from './support/api-harness.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.ts';
import { memoryLogger } from './support/logger.ts';

const PROVIDER_KEY = 'sk-provider-secret-0123456789-abcd';

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let globex: SeededWorkspace;
  let fake: FakeOpenAiServer;
  let logs: Array<Record<string, unknown>>;
  let tokens: { admin: string; agent: string; outsider: string };
  const secretsKey = randomBytes(32);

  before(async () => {
    const db = await engine.migrated();
    const memory = memoryLogger();
    logs = memory.records;
    api = await startApi(db, { logger: memory.logger, app: { secretsKey } });
    [acme, globex] = [await seedWorkspace(db, 'Acme'), await seedWorkspace(db, 'Globex')];
    tokens = {
      admin: await login(api.base, acme.admin.email),
      agent: await login(api.base, acme.agent.email),
      outsider: await login(api.base, globex.admin.email),
    };
    fake = await startFakeOpenAiServer(PROVIDER_KEY);
  });
  after(async () => {
    await api?.close();
    await fake?.close();
  });

  const llmUrl = () => `${api.base}/bots/${acme.bot.id}/llm`;
  const put = (body: unknown, token = tokens.admin, url = llmUrl()) => call(url, { method: 'PUT', token, body });
  const get = (token = tokens.admin) => call(llmUrl(), { token });
  const remove = () => call(llmUrl(), { method: 'DELETE', token: tokens.admin });
  const runTest = () => call(`${llmUrl()}/test`, { method: 'POST', token: tokens.admin });
  const settings = (overrides: Record<string, unknown> = {}) => ({
    baseUrl: fake.baseUrl,
    apiKey: PROVIDER_KEY,
    model: 'gpt-4o-mini',
    timeoutMs: 3_000,
    maxRetries: 0,
    ...overrides,
  });

  describe('settings', () => {
    beforeEach(async () => assert.equal((await remove()).status, 204));

    test('a bot without settings has none; agents and other workspaces are refused', async () => {
      const response = await get();
      assert.equal(response.status, 200);
      assert.deepEqual(botLlmReplySchema.parse(response.body), { llm: null });
      assertApiError(await get(tokens.agent), 403, 'unauthorized');
      assertApiError(await get(tokens.outsider), 404, 'not_found');
      assertApiError(await put(settings(), tokens.outsider), 404, 'not_found');
      assertApiError(await call(`${llmUrl()}/test`, { method: 'POST', token: tokens.admin }), 404, 'not_found');
    });

    test('round trip: defaults filled in, the key never returned, stored sealed, never logged', async () => {
      const saved = await put(settings({ price: { inputPerMillion: 0.2, outputPerMillion: 0.8 }, dailyTokenQuota: 50_000 }));
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const expected = {
        baseUrl: fake.baseUrl,
        model: 'gpt-4o-mini',
        timeoutMs: 3_000,
        maxOutputTokens: 800,
        temperature: 0.2,
        maxRetries: 0,
        redactPii: true,
        apiKeySet: true,
        apiKeyHint: 'abcd',
        price: { inputPerMillion: 0.2, outputPerMillion: 0.8 },
        listPrice: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
        dailyTokenQuota: 50_000,
      };
      const { updatedAt, ...info } = botLlmReplySchema.parse(saved.body).llm!;
      assert.deepEqual(info, expected);
      assert.ok(Date.parse(updatedAt) > Date.now() - 60_000);
      const fetched = await get();
      assert.deepEqual(botLlmReplySchema.parse(fetched.body).llm, { ...expected, updatedAt });
      for (const body of [saved.body, fetched.body]) assert.ok(!JSON.stringify(body).includes(PROVIDER_KEY.slice(0, -4)));

      // The row holds the key sealed: neither the key nor any long piece of it is in the row as stored.
      const { rows } = await api.ctx.db.query<Record<string, unknown>>('SELECT * FROM bot_llm_settings WHERE bot_id = $1', [acme.bot.id]);
      assert.equal(rows.length, 1);
      const row = JSON.stringify(rows[0]);
      assert.ok(!row.includes(PROVIDER_KEY.slice(0, 12)), row);
      assert.ok(!row.includes(Buffer.from(PROVIDER_KEY).toString('base64').slice(0, 12)), row);
      assert.match(row, /"iv":/);
      // …and the engine gets it back opened.
      assert.equal((await api.ctx.llm.settings(acme.bot.id))?.apiKey, PROVIDER_KEY);
      assert.ok(!JSON.stringify(logs).includes(PROVIDER_KEY.slice(0, 12)), 'the key reached the logs');
    });

    test('a PUT without apiKey keeps the stored key and replaces everything else', async () => {
      assert.equal((await put(settings({ price: { inputPerMillion: 1, outputPerMillion: 2 }, dailyTokenQuota: 10 }))).status, 200);
      const { apiKey: _kept, ...withoutKey } = settings({ model: 'deepseek-chat', temperature: null });
      const changed = await put(withoutKey);
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      const llm = botLlmReplySchema.parse(changed.body).llm!;
      assert.equal(llm.model, 'deepseek-chat');
      assert.equal(llm.temperature, null);
      assert.equal(llm.apiKeyHint, 'abcd');
      // PUT replaces: the price and quota it left out are gone.
      assert.equal(llm.price, null);
      assert.equal(llm.dailyTokenQuota, null);
      assert.deepEqual(llm.listPrice, { inputPerMillion: 0.28, outputPerMillion: 0.42 });
      // The cache was dropped: the engine sees the new model at once, with the old key.
      const live = await api.ctx.llm.settings(acme.bot.id);
      assert.equal(live?.model, 'deepseek-chat');
      assert.equal(live?.apiKey, PROVIDER_KEY);
    });

    test('a short key gets no hint; an unknown model no list price', async () => {
      const llm = botLlmReplySchema.parse((await put(settings({ apiKey: 'ollama', model: 'llama3.1:8b' }))).body).llm!;
      assert.equal(llm.apiKeyHint, null);
      assert.equal(llm.listPrice, null);
    });

    test('400 for bad settings, naming the field; nothing is stored', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [settings({ temprature: 0.5 }), /temprature/],
        [settings({ baseUrl: 'ftp://example.com' }), /body\.baseUrl: must be an http\(s\) URL/],
        [settings({ model: '  ' }), /body\.model/],
        [settings({ timeoutMs: 10 }), /body\.timeoutMs/],
        [settings({ maxOutputTokens: 0 }), /body\.maxOutputTokens/],
        [settings({ temperature: 3 }), /body\.temperature/],
        [settings({ apiKey: '' }), /body\.apiKey/],
        [settings({ price: { inputPerMillion: -1, outputPerMillion: 1 } }), /body\.price\.inputPerMillion/],
        [settings({ price: { inputPerMillion: 1 } }), /body\.price\.outputPerMillion/],
        [settings({ dailyTokenQuota: 1.5 }), /body\.dailyTokenQuota/],
        [settings({ dailyTokenQuota: -1 }), /body\.dailyTokenQuota/],
        [{ model: 'gpt-4o' }, /body\.baseUrl/],
      ];
      for (const [body, field] of cases) assert.match(assertApiError(await put(body), 400, 'invalid_payload'), field, JSON.stringify(body));
      assertApiError(await call(llmUrl(), { method: 'PUT', token: tokens.admin, body: '[1' }), 400, 'invalid_payload');
      // No key stored yet, so one must come with the settings.
      const { apiKey: _none, ...keyless } = settings();
      assert.match(assertApiError(await put(keyless), 400, 'invalid_payload'), /body\.apiKey: is required/);
      assert.deepEqual((await get()).body, { llm: null });
    });

    test('DELETE removes the settings (again: still 204) and the engine stops using the model at once', async () => {
      assert.equal((await put(settings())).status, 200);
      assert.ok(await api.ctx.llm.settings(acme.bot.id));
      assert.equal((await remove()).status, 204);
      assert.equal((await remove()).status, 204);
      assert.deepEqual((await get()).body, { llm: null });
      assert.equal(await api.ctx.llm.settings(acme.bot.id), undefined);
    });

    test('a server with another secrets key cannot open the stored key, says so, and wants it again', async () => {
      assert.equal((await put(settings())).status, 200);
      const other = await startApi(api.ctx.db, { app: { secretsKey: randomBytes(32) } });
      try {
        const otherUrl = `${other.base}/bots/${acme.bot.id}/llm`;
        const token = await login(other.base, acme.admin.email);
        const info = botLlmReplySchema.parse((await call(otherUrl, { token })).body).llm!;
        assert.equal(info.apiKeySet, false);
        assert.equal(await other.ctx.llm.settings(acme.bot.id), undefined);
        const tested = llmTestResultSchema.parse((await call(`${otherUrl}/test`, { method: 'POST', token })).body);
        assert.equal(tested.ok, false);
        assert.match(tested.error!, /cannot be opened/);
        const { apiKey: _none, ...keyless } = settings();
        assert.match(assertApiError(await put(keyless, token, otherUrl), 400, 'invalid_payload'), /body\.apiKey: is required/);
        assert.equal((await put(settings(), token, otherUrl)).status, 200);
        assert.equal((await other.ctx.llm.settings(acme.bot.id))?.apiKey, PROVIDER_KEY);
      } finally {
        await other.close();
      }
    });
  });

  describe('POST /bots/:botId/llm/test', () => {
    const llmUsage = async () => {
      const response = await call(`${api.base}/bots/${acme.bot.id}/usage`, { token: tokens.admin });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return botUsageSchema.parse(response.body).llm;
    };

    test('asks the stored model with the stored key, reports the reply and latency, and is metered', async () => {
      assert.equal((await put(settings({ model: 'fake-model', price: { inputPerMillion: 2, outputPerMillion: 4 } }))).status, 200);
      const before = (await llmUsage()).totals;
      const requestsBefore = fake.requests.length;
      fake.script({ reply: 'answer', tokens: ['The test word ', 'is "ready" [1].'], usage: { promptTokens: 120, completionTokens: 9 } });
      const response = await runTest();
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const result = llmTestResultSchema.parse(response.body);
      assert.equal(result.ok, true);
      assert.equal(result.model, 'fake-model');
      assert.equal(result.reply, 'The test word is "ready" [1].');
      assert.ok(result.latencyMs >= 0 && result.latencyMs < 3_000);
      const sent = fake.requests.slice(requestsBefore);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.authorization, `Bearer ${PROVIDER_KEY}`);
      assert.equal(sent[0]!.body?.model, 'fake-model');

      const after = (await llmUsage()).totals;
      assert.equal(after.calls - before.calls, 1);
      assert.equal(after.inputTokens - before.inputTokens, 120);
      assert.equal(after.outputTokens - before.outputTokens, 9);
      assert.equal(after.estimatedCalls, before.estimatedCalls);
      const day = (await llmUsage()).days.find((row) => row.day === utcDay() && row.model === 'fake-model')!;
      assert.equal(day.costUsd, (120 * 2 + 9 * 4) / 1e6);
    });

    test('401 from the provider: ok false with the reason, not a 500, and nothing metered', async () => {
      assert.equal((await put(settings({ model: 'fake-model', apiKey: 'sk-wrong-key-00000000' }))).status, 200);
      const before = (await llmUsage()).totals.calls;
      const response = await runTest();
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const result = llmTestResultSchema.parse(response.body);
      assert.equal(result.ok, false);
      assert.match(result.error!, /401/);
      assert.match(result.error!, /Incorrect API key/);
      assert.equal(result.reply, undefined);
      assert.equal((await llmUsage()).totals.calls, before);
    });

    test('a provider that hangs: ok false after timeoutMs, metered as an estimate', async () => {
      assert.equal((await put(settings({ model: 'fake-model', timeoutMs: 300 }))).status, 200);
      const before = (await llmUsage()).totals;
      fake.script({ reply: 'hang' });
      const started = performance.now();
      const result = llmTestResultSchema.parse((await runTest()).body);
      assert.equal(result.ok, false);
      assert.match(result.error!, /did not answer in time/);
      assert.ok(result.latencyMs >= 250 && performance.now() - started < 3_000, `${result.latencyMs} ms`);
      const after = (await llmUsage()).totals;
      assert.equal(after.calls - before.calls, 1);
      assert.equal(after.estimatedCalls - before.estimatedCalls, 1);
      assert.ok(after.inputTokens > before.inputTokens);
    });

    test("429 with Retry-After once the bot's token quota is spent; the provider is not called", async () => {
      assert.equal((await put(settings({ model: 'fake-model', dailyTokenQuota: 0 }))).status, 200);
      const requestsBefore = fake.requests.length;
      const response = await runTest();
      assert.match(assertApiError(response, 429, 'rate_limited'), /token quota is spent; it resets at UTC midnight/);
      const retryAfter = Number(response.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 86_400, String(retryAfter));
      assert.equal(fake.requests.length, requestsBefore);
    });
  });
});
