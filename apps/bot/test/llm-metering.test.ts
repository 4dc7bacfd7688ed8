/**
 * Pay-per-use metering of language model tokens: what BotLlm.record stores comes back through the usage API
 * (per key and for the whole bot) with tokens and cost; unknown models cost "unknown", not 0; calls without the
 * provider's usage are estimated and flagged; and the daily token quotas of bots and keys hold under concurrency.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiKeyListSchema, botUsageSchema, createdApiKeySchema, keyUsageSchema, utcDay } from '@parley/protocol';
import { estimateTokens } from '../src/app/bot-llm.ts';
import { createApiKey } from '../src/db/api-key-store.ts';
import { createBot } from '../src/db/bot-store.ts';
import { listPrice } from '../src/knowledge/llm/model-prices.ts';
import { forEachEngine } from './support/engines.ts';
import { assertApiError, call, login, seedWorkspace, startApi, type ApiHarness, type SeededWorkspace } from './support/api-harness.ts';
import { memoryLogger } from './support/logger.ts';

test('the price table: families, dated snapshots and case; anything else is unknown', () => {
  assert.deepEqual(listPrice('gpt-4o-mini'), { inputPerMillion: 0.15, outputPerMillion: 0.6 });
  assert.deepEqual(listPrice('gpt-4o-mini-2024-07-18'), listPrice('gpt-4o-mini'));
  assert.deepEqual(listPrice('GPT-4o-2024-08-06'), { inputPerMillion: 2.5, outputPerMillion: 10 });
  assert.deepEqual(listPrice('qwen-plus-latest'), listPrice('qwen-plus'));
  assert.deepEqual(listPrice('deepseek-chat'), { inputPerMillion: 0.28, outputPerMillion: 0.42 });
  assert.ok(listPrice('moonshot-v1-8k') && listPrice('glm-4.5') && listPrice('o3'));
  for (const unknown of ['gpt-4o-minix', 'gpt-4o-turbo-preview', 'llama3.1:8b', 'my-model', ''])
    assert.equal(listPrice(unknown), null, unknown);
});

test('an estimate is about 4 characters a token, rounded up', () => {
  assert.equal(estimateTokens(0), 0);
  assert.equal(estimateTokens(1), 1);
  assert.equal(estimateTokens(400), 100);
  assert.equal(estimateTokens(401), 101);
});

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let adminToken: string;
  let logs: Array<Record<string, unknown>>;

  before(async () => {
    const db = await engine.migrated();
    const memory = memoryLogger();
    logs = memory.records;
    api = await startApi(db, { logger: memory.logger });
    acme = await seedWorkspace(db, 'Acme');
    adminToken = await login(api.base, acme.admin.email);
  });
  after(() => api?.close());

  /** A fresh bot in Acme's workspace, so each test starts from zero usage. */
  const newBot = async () =>
    createBot(api.ctx.db, {
      workspaceId: acme.workspaceId,
      name: 'metered',
      publicKey: `pub_${Math.random().toString(36).slice(2)}`,
      config: {},
    });
  const newKey = async (botId: string, dailyTokenQuota: number | null = null) => {
    const created = await call(`${api.base}/bots/${botId}/api-keys`, { token: adminToken, body: { label: 'metered', dailyTokenQuota } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return createdApiKeySchema.parse(created.body);
  };
  const botUsage = async (botId: string) => {
    const response = await call(`${api.base}/bots/${botId}/usage`, { token: adminToken });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return botUsageSchema.parse(response.body);
  };
  const ownUsage = async (key: string) => {
    const response = await call(`${api.base}/usage`, { token: key });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return keyUsageSchema.parse(response.body);
  };
  const record = (botId: string, apiKeyId: string | null, model: string, inputTokens: number, outputTokens: number) =>
    api.ctx.llm.record({ botId, apiKeyId, model, usage: { inputTokens, outputTokens }, promptChars: 0, answerChars: 0 });
  const setLlm = (botId: string, change: Record<string, unknown>) =>
    call(`${api.base}/bots/${botId}/llm`, {
      method: 'PUT',
      token: adminToken,
      body: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-unused-0000', model: 'gpt-4o-mini', ...change },
    });

  describe('metering', () => {
    test("recorded calls show in the key's and the bot's usage with tokens and list-price cost", async () => {
      const bot = await newBot();
      const { apiKey, key } = await newKey(bot.id);
      await record(bot.id, apiKey.id, 'gpt-4o-mini', 1_000, 500);
      await record(bot.id, apiKey.id, 'gpt-4o-mini', 3_000, 100);
      // A customer conversation's call: no API key, so only the bot's figures show it.
      await record(bot.id, null, 'gpt-4o-mini', 2_000, 400);

      const own = await ownUsage(key);
      assert.equal(own.apiKey.id, apiKey.id);
      assert.deepEqual(own.days, [
        { day: utcDay(), calls: 0, messages: 0, inputTokens: 4_000, outputTokens: 600, costUsd: (4_000 * 0.15 + 600 * 0.6) / 1e6 },
      ]);

      const usage = await botUsage(bot.id);
      assert.deepEqual(usage.apiKeys.find((entry) => entry.id === apiKey.id)!.days, own.days);
      const cost = (6_000 * 0.15 + 1_000 * 0.6) / 1e6;
      assert.deepEqual(usage.llm.days, [
        { day: utcDay(), model: 'gpt-4o-mini', calls: 3, inputTokens: 6_000, outputTokens: 1_000, estimatedCalls: 0, costUsd: cost },
      ]);
      assert.deepEqual(usage.llm.totals, { calls: 3, inputTokens: 6_000, outputTokens: 1_000, estimatedCalls: 0, costUsd: cost });
    });

    test('the bot’s own price wins over the table for the model it is set up with', async () => {
      const bot = await newBot();
      assert.equal((await setLlm(bot.id, { price: { inputPerMillion: 1, outputPerMillion: 3 } })).status, 200);
      await record(bot.id, null, 'gpt-4o-mini', 1_000_000, 1_000_000);
      // A call begun on another model before an edit is charged that model's list price.
      await record(bot.id, null, 'gpt-4o', 1_000_000, 0);
      const { days, totals } = (await botUsage(bot.id)).llm;
      assert.deepEqual(
        days.map((row) => [row.model, row.costUsd]),
        [
          ['gpt-4o', 2.5],
          ['gpt-4o-mini', 4],
        ],
      );
      assert.equal(totals.costUsd, 6.5);
    });

    test('an unknown model has cost null (unknown), which makes every sum it is part of unknown too', async () => {
      const bot = await newBot();
      const { apiKey, key } = await newKey(bot.id);
      await record(bot.id, apiKey.id, 'my-finetune', 100, 10);
      await record(bot.id, apiKey.id, 'gpt-4o-mini', 100, 10);
      const usage = await botUsage(bot.id);
      const byModel = new Map(usage.llm.days.map((row) => [row.model, row]));
      assert.equal(byModel.get('my-finetune')!.costUsd, null);
      assert.equal(byModel.get('gpt-4o-mini')!.costUsd, (100 * 0.15 + 10 * 0.6) / 1e6);
      assert.equal(usage.llm.totals.costUsd, null);
      assert.equal(usage.llm.totals.inputTokens, 200);
      const [day] = (await ownUsage(key)).days;
      assert.equal(day!.inputTokens, 200);
      assert.equal(day!.costUsd, null);
    });

    test('a call whose provider sent no usage is estimated from characters and counted as estimated', async () => {
      const bot = await newBot();
      await api.ctx.llm.record({
        botId: bot.id,
        apiKeyId: null,
        model: 'deepseek-chat',
        usage: null,
        promptChars: 4_000,
        answerChars: 401,
      });
      await record(bot.id, null, 'deepseek-chat', 50, 5);
      const [row] = (await botUsage(bot.id)).llm.days;
      assert.deepEqual(
        { ...row, costUsd: undefined },
        {
          day: utcDay(),
          model: 'deepseek-chat',
          calls: 2,
          inputTokens: 1_050,
          outputTokens: 106,
          estimatedCalls: 1,
          costUsd: undefined,
        },
      );
      assert.ok(Math.abs(row!.costUsd! - (1_050 * 0.28 + 106 * 0.42) / 1e6) < 1e-12);
    });

    test('record never throws: a call it cannot store is logged instead', async () => {
      const missingBot = '00000000-0000-4000-8000-000000000000';
      await record(missingBot, null, 'gpt-4o-mini', 1, 1);
      const logged = logs.find((entry) => entry.msg === 'could not record language model usage' && entry.botId === missingBot);
      assert.ok(logged, 'the failure was not logged');
    });

    test('usage days outside the asked range are left out', async () => {
      const bot = await newBot();
      await record(bot.id, null, 'gpt-4o-mini', 10, 10);
      const response = await call(`${api.base}/bots/${bot.id}/usage?from=2020-01-01&to=2020-01-31`, { token: adminToken });
      const { llm } = botUsageSchema.parse(response.body);
      assert.deepEqual(llm, { days: [], totals: { calls: 0, inputTokens: 0, outputTokens: 0, estimatedCalls: 0, costUsd: 0 } });
    });
  });

  describe('token quotas', () => {
    test('API keys take a daily token quota: listed, and refused when invalid', async () => {
      const bot = await newBot();
      const { apiKey } = await newKey(bot.id, 5_000);
      assert.equal(apiKey.dailyTokenQuota, 5_000);
      const listed = apiKeyListSchema.parse((await call(`${api.base}/bots/${bot.id}/api-keys`, { token: adminToken })).body);
      assert.equal(listed.apiKeys[0]!.dailyTokenQuota, 5_000);
      const refused = await call(`${api.base}/bots/${bot.id}/api-keys`, { token: adminToken, body: { dailyTokenQuota: -5 } });
      assert.match(assertApiError(refused, 400, 'invalid_payload'), /body\.dailyTokenQuota/);
    });

    test("the bot's quota counts every call of the bot and flips withinQuota at the limit", async () => {
      const bot = await newBot();
      const { apiKey } = await newKey(bot.id);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, null), true, 'no settings: no quota');
      assert.equal((await setLlm(bot.id, { dailyTokenQuota: 1_000 })).status, 200);
      await record(bot.id, null, 'gpt-4o-mini', 600, 100);
      await record(bot.id, apiKey.id, 'gpt-4o-mini', 200, 99);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, null), true, '999 of 1000');
      assert.equal(await api.ctx.llm.withinQuota(bot.id, apiKey.id), true);
      await record(bot.id, apiKey.id, 'gpt-4o-mini', 1, 0);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, null), false, '1000 of 1000');
      assert.equal(await api.ctx.llm.withinQuota(bot.id, apiKey.id), false);
      // Raising the quota lifts the refusal at once.
      assert.equal((await setLlm(bot.id, { dailyTokenQuota: 2_000 })).status, 200);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, null), true);
    });

    test("a key's quota counts that key's calls only", async () => {
      const bot = await newBot();
      const limited = (await newKey(bot.id, 500)).apiKey;
      const other = (await createApiKey(api.ctx.db, { botId: bot.id })).apiKey;
      await record(bot.id, other.id, 'gpt-4o-mini', 10_000, 0);
      await record(bot.id, null, 'gpt-4o-mini', 10_000, 0);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, limited.id), true);
      await record(bot.id, limited.id, 'gpt-4o-mini', 400, 99);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, limited.id), true, '499 of 500');
      await record(bot.id, limited.id, 'gpt-4o-mini', 0, 1);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, limited.id), false, '500 of 500');
      assert.equal(await api.ctx.llm.withinQuota(bot.id, other.id), true);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, null), true);
    });

    test('concurrent records lose nothing, so the quota check sees every token', async () => {
      const bot = await newBot();
      const { apiKey } = await newKey(bot.id, 1_000);
      // The first calls of a day race to insert their rows (with a key and without one): all must land.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => record(bot.id, i % 2 === 0 ? apiKey.id : null, i % 4 < 2 ? 'gpt-4o-mini' : 'my-model', 20, 5)),
      );
      const { totals, days } = (await botUsage(bot.id)).llm;
      assert.equal(totals.calls, 40);
      assert.equal(totals.inputTokens, 800);
      assert.equal(totals.outputTokens, 200);
      assert.equal(days.length, 2);
      const keyDay = (await botUsage(bot.id)).apiKeys[0]!.days[0]!;
      assert.equal(keyDay.inputTokens + keyDay.outputTokens, 500);
      assert.equal(await api.ctx.llm.withinQuota(bot.id, apiKey.id), true, '500 of 1000');

      // Quota checks racing the records that cross the limit: once they have all landed, the key is refused.
      const checks = await Promise.all(
        Array.from({ length: 20 }, async () => {
          await record(bot.id, apiKey.id, 'gpt-4o-mini', 20, 5);
          return api.ctx.llm.withinQuota(bot.id, apiKey.id);
        }),
      );
      // The check after the last record to land sees the whole 1000: at least that one refuses.
      assert.ok(checks.includes(false));
      assert.equal(await api.ctx.llm.withinQuota(bot.id, apiKey.id), false, '1000 of 1000');
      const after = (await botUsage(bot.id)).apiKeys[0]!.days[0]!;
      assert.equal(after.inputTokens + after.outputTokens, 1_000);
    });
  });
});
