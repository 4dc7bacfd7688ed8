import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { train, type Classification } from '@parley/model';
import { createApiKey } from '../src/db/api-key-store.ts';
import { updateBotConfig } from '../src/db/bot-store.ts';
import { addModelVersion } from '../src/db/model-version-store.ts';
import { DEFAULT_TEXTS, parseBotConfig, type BotConfigInput } from '../src/engine/bot-config.ts';
import { previewDecision } from '../src/engine/preview.ts';
import { MAX_TEXTS_PER_CALL } from '@parley/protocol';
import { MAX_OPERATOR_PREVIEW_TEXTS, previewResponseSchema } from '@parley/protocol';
import { utcDay } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import {
  assertApiError,
  call,
  login,
  seedWorkspace,
  tinyModelArtifact,
  type ApiHarness,
  type LooseJson,
  type SeededWorkspace,
  startApi,
} from './support/api-harness.ts';
import { tinyTrainingData } from './support/tiny-model.ts';
import { serveTinyModelVersion } from './support/training-harness.ts';

// ── The pure mapping: every decision a first message can get ───────────────────────────────────────────────

describe('previewDecision', () => {
  const config = parseBotConfig({
    answers: {
      track_order: { text: 'Track it under My orders.', quickReplies: [{ label: 'Cancel it', value: 'cancel_order' }] },
      cancel_order: { text: 'Open the order and press Cancel.' },
    },
    intentDisplayNames: { track_order: 'tracking', cancel_order: 'cancelling' },
  });
  const classified = (top: [string, number][], extra: { oos?: boolean; language?: 'en' | 'zh' } = {}): Classification => ({
    language: extra.language ?? 'en',
    intent: {
      label: top[0]![0],
      confidence: top[0]![1],
      top: top.map(([label, confidence]) => ({ label, confidence })),
      outOfScope: extra.oos ?? false,
    },
    sentiment: { label: 'neutral', score: 0.9, probabilities: { neutral: 0.9, negative: 0.05, positive: 0.05 } },
  });

  test('answer: the intent and its answer, quick replies included', () => {
    assert.deepEqual(previewDecision(config, 'where is my parcel', classified([['track_order', 0.9]])), {
      decision: 'answer',
      intent: 'track_order',
      reply: { text: 'Track it under My orders.', quickReplies: [{ label: 'Cancel it', value: 'cancel_order' }] },
    });
  });

  test('clarify: the two options and the question with their display names', () => {
    const preview = previewDecision(
      config,
      'track or cancel',
      classified([
        ['track_order', 0.4],
        ['cancel_order', 0.35],
      ]),
    );
    assert.deepEqual(preview, {
      decision: 'clarify',
      intent: null,
      options: ['track_order', 'cancel_order'],
      reply: {
        text: 'Did you mean tracking or cancelling?',
        quickReplies: [
          { label: 'tracking', value: 'track_order' },
          { label: 'cancelling', value: 'cancel_order' },
        ],
      },
    });
  });

  test('fallback: out of scope, with the cause and the fallback text of the customer’s language', () => {
    assert.deepEqual(previewDecision(config, 'what is the weather', classified([['track_order', 0.9]], { oos: true })), {
      decision: 'fallback',
      intent: null,
      cause: 'out_of_scope',
      reply: { text: DEFAULT_TEXTS.en.fallback },
    });
    const zh = previewDecision(config, '今天天气怎么样', classified([['track_order', 0.9]], { oos: true, language: 'zh' }));
    assert.deepEqual([zh.decision, zh.reply.text], ['fallback', DEFAULT_TEXTS.zh.fallback]);
    assert.equal(previewDecision(config, 'hi there', undefined).cause, 'no_classification');
  });

  test('handoff: on request with its reason; after too many failures with the reason and the failure', () => {
    assert.deepEqual(previewDecision(config, 'let me talk to a real person', classified([['human_agent', 0.95]])), {
      decision: 'handoff',
      intent: null,
      reason: 'customer_request',
      reply: { text: DEFAULT_TEXTS.en.handoff },
    });
    const impatient = parseBotConfig({ ...config, thresholds: { maxFailures: 0 } });
    assert.deepEqual(previewDecision(impatient, 'blah blah', classified([['track_order', 0.9]], { oos: true })), {
      decision: 'handoff',
      intent: null,
      reason: 'out_of_scope',
      cause: 'out_of_scope',
      reply: { text: DEFAULT_TEXTS.en.handoff },
    });
  });

  test('small talk: its intent and the built-in reply', () => {
    const preview = previewDecision(config, 'thanks a lot', classified([['smalltalk.thanks', 0.95]]));
    assert.equal(preview.decision, 'smalltalk');
    assert.equal(preview.intent, 'smalltalk.thanks');
    assert.equal(preview.reply.text, config.smallTalk['smalltalk.thanks']!.text);
  });
});

// ── The routes, on both databases ──────────────────────────────────────────────────────────────────────────

/**
 * The tiny domain's bot: answers for every intent, and a clarify margin wide enough that a message split between two
 * intents ("cancel or refund") is clarified whichever way a training run leans (one CPU's read 0.83 against 0.17).
 */
const SHOP: BotConfigInput = {
  answers: {
    track_order: { text: 'You can track your order under My orders.' },
    cancel_order: { text: 'To cancel, open the order and press Cancel.' },
    get_refund: { text: 'Refunds reach your card within 5 days.' },
    change_address: { text: 'You can change the address until the order ships.' },
  },
  thresholds: { answerConfidence: 0.75, clarifyMargin: 0.7 },
};

/** A bot that answers only when nearly certain and never hands over on sentiment: the tiny model's guesses fall back. */
const STRICT: BotConfigInput = { ...SHOP, thresholds: { answerConfidence: 0.97, clarifyConfidence: 0.95, negativeLabels: [] } };

// A candidate that has never seen change_address, so that it must read "change my shipping address" differently.
let candidateDir: string;
before(
  async () => {
    await tinyModelArtifact();
    const data = tinyTrainingData();
    candidateDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'parley-preview-test-')), 'candidate');
    await train({ ...data, intents: data.intents.filter((e) => e.label !== 'change_address') }, { outDir: candidateDir, seed: 7 });
  },
  { timeout: 180_000 },
);
after(() => candidateDir && rm(path.dirname(candidateDir), { recursive: true, force: true }));

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let strict: SeededWorkspace;
  let liveVersion: string;
  let candidateVersion: string;
  let agentToken: string;

  const configure = async (workspace: SeededWorkspace, config: BotConfigInput) => {
    await updateBotConfig(api.ctx.db, workspace.bot.id, config as Record<string, unknown>);
    api.ctx.bots.invalidate(workspace.bot.id);
  };

  before(async () => {
    const db = await engine.migrated();
    api = await startApi(db);
    [acme, strict] = [await seedWorkspace(db, 'Acme'), await seedWorkspace(db, 'Strict')];
    await configure(acme, SHOP);
    await configure(strict, STRICT);
    liveVersion = await serveTinyModelVersion(api, acme.bot.id);
    await serveTinyModelVersion(api, strict.bot.id);
    candidateVersion = `candidate-${liveVersion}`;
    await addModelVersion(db, { botId: acme.bot.id, version: candidateVersion, artifactDir: candidateDir });
    agentToken = await login(api.base, acme.agent.email);
  });
  after(() => api?.close());

  const preview = (key: string | undefined, body: unknown) => call(`${api.base}/preview`, { token: key, body });
  const operatorPreview = (token: string | undefined, body: unknown, botId = acme.bot.id) =>
    call(`${api.base}/bots/${botId}/preview`, { token, body });
  const ok = (response: { status: number; body: unknown }) => {
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return previewResponseSchema.parse(response.body);
  };
  const summary = (body: ReturnType<typeof ok>) => body.results.map((r) => [r.text, r.decision, r.intent]);

  describe('POST /preview (API key)', () => {
    test('answer, clarify and handoff on request, in order, each with the classify result of its text', async () => {
      const texts = ['where is my package, it is late', 'cancel or refund', 'I want to speak to a human'];
      const body = ok(await preview(acme.apiKey, { texts }));
      assert.equal(body.model.version, liveVersion);
      assert.deepEqual(summary(body), [
        [texts[0], 'answer', 'track_order'],
        [texts[1], 'clarify', null],
        [texts[2], 'handoff', null],
      ]);
      const [answer, clarify, handoff] = body.results;
      assert.deepEqual(answer!.reply, { text: 'You can track your order under My orders.' });
      // Best first, and which of the two leads depends on the training run.
      assert.deepEqual([...clarify!.options!].sort(), ['cancel_order', 'get_refund']);
      assert.deepEqual(
        clarify!.reply.quickReplies?.map((q) => q.value),
        clarify!.options,
      );
      assert.equal(handoff!.reason, 'customer_request');
      assert.equal(handoff!.reply.text, DEFAULT_TEXTS.en.handoff);
      // The same reading classify gives.
      const classified = await call(`${api.base}/classify`, { token: acme.apiKey, body: { texts } });
      assert.deepEqual(
        body.results.map((r) => r.classification),
        classified.body.results,
      );
    });

    test('fallback, in the customer’s language: the Chinese fallback text for a Chinese message', async () => {
      const body = ok(await preview(strict.apiKey, { texts: ['what colour is the sky', '我的订单在哪里'] }));
      const [en, zh] = body.results;
      assert.deepEqual([en!.decision, en!.cause, en!.reply.text], ['fallback', 'low_confidence', DEFAULT_TEXTS.en.fallback]);
      assert.deepEqual([zh!.decision, zh!.cause, zh!.reply.text], ['fallback', 'low_confidence', DEFAULT_TEXTS.zh.fallback]);
      assert.equal(zh!.classification.language, 'zh');
    });

    test('401 without a key, with an unknown key and with a session token', async () => {
      assertApiError(await preview(undefined, { texts: ['hi'] }), 401, 'unauthorized');
      assertApiError(await preview('pk_not-a-real-key', { texts: ['hi'] }), 401, 'unauthorized');
      assertApiError(await preview(agentToken, { texts: ['hi'] }), 401, 'unauthorized');
    });

    test('400 for bad bodies, naming the bad field; nothing is counted', async () => {
      const { key } = await createApiKey(api.ctx.db, { botId: acme.bot.id, label: 'bad bodies' });
      const bad = async (body: unknown, field: RegExp) =>
        assert.match(assertApiError(await preview(key, body), 400, 'invalid_payload'), field);
      await bad({}, /body\.texts/);
      await bad({ texts: [] }, /body\.texts/);
      await bad({ texts: 'hello' }, /body\.texts/);
      await bad({ texts: ['fine', '   '] }, /body\.texts\[1\]: must not be blank/);
      await bad({ texts: ['x'.repeat(4001)] }, /body\.texts\[0\]/);
      await bad({ texts: Array.from({ length: MAX_TEXTS_PER_CALL + 1 }, (_, i) => `text ${i}`) }, /body\.texts/);
      await bad({ texts: ['ok'], version: 'v1' }, /version/);
      assert.deepEqual((await call(`${api.base}/usage`, { token: key })).body.days, []);
    });

    test('metered like classify: one call and its number of texts', async () => {
      const { key } = await createApiKey(api.ctx.db, { botId: acme.bot.id, label: 'metered', dailyQuota: 2 });
      ok(await preview(key, { texts: ['where is my order', 'cancel my order', 'refund please'] }));
      ok(await preview(key, { texts: ['hello'] }));
      assert.deepEqual((await call(`${api.base}/usage`, { token: key })).body.days, [
        { day: utcDay(), calls: 2, messages: 4, inputTokens: 0, outputTokens: 0, costUsd: 0 },
      ]);
      assertApiError(await preview(key, { texts: ['hello'] }), 429, 'rate_limited');
    });

    test('503 like classify while the bot has no model; the call is not counted', async () => {
      const modelless = await seedWorkspace(api.ctx.db, 'Modelless');
      assert.match(assertApiError(await preview(modelless.apiKey, { texts: ['hello'] }), 503, 'internal'), /no trained model/);
      assert.deepEqual((await call(`${api.base}/usage`, { token: modelless.apiKey })).body.days, []);
    });
  });

  describe('POST /bots/:botId/preview (operators)', () => {
    test('without a version: the live model, deciding as the API does', async () => {
      const texts = ['where is my package, it is late', 'cancel or refund', 'I want to speak to a human'];
      const body = ok(await operatorPreview(agentToken, { texts }));
      assert.equal(body.model.version, liveVersion);
      assert.deepEqual(body, ok(await preview(acme.apiKey, { texts })));
    });

    test('with a candidate’s version: that model, loaded on demand, answers', async () => {
      const texts = ['change my shipping address', 'where is my package, it is late'];
      const live = ok(await operatorPreview(agentToken, { texts, version: liveVersion }));
      assert.deepEqual(summary(live)[0], [texts[0], 'answer', 'change_address']);
      for (let i = 0; i < 2; i++) {
        // Twice: the second call finds the candidate still open.
        const candidate = ok(await operatorPreview(agentToken, { texts, version: candidateVersion }));
        assert.equal(candidate.model.version, candidateVersion);
        assert.notEqual(candidate.results[0]!.classification.intent?.label, 'change_address');
        assert.deepEqual(summary(candidate)[1], [texts[1], 'answer', 'track_order']);
      }
    });

    test('a bot without a live model: 503 without a version, its candidate with one', async () => {
      const modelless = await seedWorkspace(api.ctx.db, 'Untrained');
      const version = `untrained-${liveVersion}`;
      await addModelVersion(api.ctx.db, { botId: modelless.bot.id, version, artifactDir: candidateDir });
      const token = await login(api.base, modelless.admin.email);
      assertApiError(await operatorPreview(token, { texts: ['hello'] }, modelless.bot.id), 503, 'internal');
      const body = ok(await operatorPreview(token, { texts: ['where is my order'], version }, modelless.bot.id));
      assert.equal(body.model.version, version);
      // Its config has no answers: the model's reading is there, the bot has nothing to say.
      assert.deepEqual([body.results[0]!.decision, body.results[0]!.cause], ['fallback', 'no_answer']);
      assert.equal(body.results[0]!.classification.intent?.label, 'track_order');
    });

    test('404 for an unknown version, another bot’s version and another workspace’s bot; 401 without a session; 400 for bad bodies', async () => {
      assertApiError(await operatorPreview(agentToken, { texts: ['hi'], version: 'no-such-version' }), 404, 'not_found');
      const strictVersion = (
        await call(`${api.base}/bots/${strict.bot.id}/model-versions`, { token: await login(api.base, strict.admin.email) })
      ).body.liveVersion as string;
      assertApiError(await operatorPreview(agentToken, { texts: ['hi'], version: strictVersion }), 404, 'not_found');
      assertApiError(await operatorPreview(agentToken, { texts: ['hi'] }, strict.bot.id), 404, 'not_found');
      assertApiError(await operatorPreview(undefined, { texts: ['hi'] }), 401, 'unauthorized');
      assertApiError(await operatorPreview(acme.apiKey, { texts: ['hi'] }), 401, 'unauthorized');
      const tooMany = Array.from({ length: MAX_OPERATOR_PREVIEW_TEXTS + 1 }, (_, i) => `text ${i}`);
      assert.match(assertApiError(await operatorPreview(agentToken, { texts: tooMany }), 400, 'invalid_payload'), /body\.texts/);
      assert.match(assertApiError(await operatorPreview(agentToken, { texts: [''] }), 400, 'invalid_payload'), /body\.texts\[0\]/);
      assert.match(
        assertApiError(await operatorPreview(agentToken, { texts: ['hi'], version: '' }), 400, 'invalid_payload'),
        /body\.version/,
      );
    });
  });

  test('nothing is stored: no conversation, message, visitor, example or correction', async () => {
    const counts = async () => {
      const { rows } = await api.ctx.db.query<LooseJson>(
        `SELECT (SELECT count(*)::int FROM conversations) AS conversations, (SELECT count(*)::int FROM messages) AS messages,
                (SELECT count(*)::int FROM visitors) AS visitors, (SELECT count(*)::int FROM training_examples) AS examples,
                (SELECT count(*)::int FROM label_corrections) AS corrections`,
      );
      return rows[0];
    };
    const before = await counts();
    const texts = ['where is my order', 'cancel or refund', 'I want to speak to a human', '我的订单在哪里'];
    ok(await preview(acme.apiKey, { texts }));
    ok(await operatorPreview(agentToken, { texts, version: candidateVersion }));
    assert.deepEqual(await counts(), before);
  });

  test('both routes are in the OpenAPI document', async () => {
    const document = (await call(`${api.base}/openapi.json`)).body;
    const apiKeyRoute = document.paths['/preview'].post;
    assert.deepEqual(apiKeyRoute.security, [{ apiKey: [] }]);
    assert.ok(apiKeyRoute.requestBody.content['application/json'].schema);
    assert.ok(apiKeyRoute.responses['200'] && apiKeyRoute.responses['429'] && apiKeyRoute.responses['503']);
    const operatorRoute = document.paths['/bots/{botId}/preview'].post;
    assert.deepEqual(operatorRoute.security, [{ session: [] }, { sessionCookie: [] }]);
    assert.ok(operatorRoute.responses['200'] && operatorRoute.responses['404'] && operatorRoute.responses['503']);
  });
});
