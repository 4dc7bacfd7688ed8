import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newSecret } from '../src/auth/secret-token.ts';
import { createApiKey } from '../src/db/api-key-store.ts';
import { apiRouter } from '../src/http/api-router.ts';
import { apiErrorSchema } from '@parley/protocol';
import { openApiPath } from '../src/http/openapi.ts';
import { classifyResponseSchema, MAX_TEXTS_PER_CALL } from '@parley/protocol';
import { keyUsageSchema } from '@parley/protocol';
import { utcDay } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import {
  call,
  CONSOLE_ORIGIN,
  GENEROUS_LIMITS,
  INTENT_LABELS,
  login,
  SENTIMENT_LABELS,
  seedWorkspace,
  serveTinyModel,
  startApi,
  tinyModelArtifact,
  type ApiHarness,
  type LooseJson,
  type SeededWorkspace,
} from './support/api-harness.ts';
import { memoryLogger } from './support/logger.ts';

// Training takes several seconds: once for the whole file, before either engine's suite.
before(() => tinyModelArtifact(), { timeout: 120_000 });

/** Asserts the one error shape, and returns the message. */
function assertError(response: { status: number; body: unknown }, status: number, code: string): string {
  assert.equal(response.status, status, JSON.stringify(response.body));
  const parsed = apiErrorSchema.parse(response.body);
  assert.equal(parsed.error.code, code);
  return parsed.error.message;
}

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let modelVersion: string;
  let adminToken: string;

  before(async () => {
    const db = await engine.migrated();
    api = await startApi(db);
    acme = await seedWorkspace(db, 'Acme');
    modelVersion = await serveTinyModel(api.ctx, acme.bot.id);
    adminToken = await login(api.base, acme.admin.email);
  });
  after(() => api?.close());

  const classify = (key: string | undefined, body: unknown) => call(`${api.base}/classify`, { token: key, body });
  const newKey = async (dailyQuota: number | null = null) => (await createApiKey(api.ctx.db, { botId: acme.bot.id, dailyQuota })).key;

  describe('POST /classify', () => {
    test('classifies with the bot’s live model: one result per text, labels from the trained sets', async () => {
      const texts = ['where is my package, it is late', 'please cancel the order I made', 'thank you so much, this is great'];
      const response = await classify(acme.apiKey, { texts });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const body = classifyResponseSchema.parse(response.body);
      assert.equal(body.model.version, modelVersion);
      assert.deepEqual(
        body.results.map((r) => r.text),
        texts,
      );
      for (const result of body.results) {
        assert.equal(result.language, 'en');
        assert.ok(result.intent && INTENT_LABELS.includes(result.intent.label), JSON.stringify(result.intent));
        assert.ok(result.intent.top.length >= 1 && result.intent.top.every((t) => INTENT_LABELS.includes(t.label)));
        assert.ok(result.sentiment && SENTIMENT_LABELS.includes(result.sentiment.label), JSON.stringify(result.sentiment));
      }
      // Clear cases of a tiny model trained on them: a wrong label here means results are misordered or mislabelled.
      assert.equal(body.results[0]!.intent!.label, 'track_order');
      assert.equal(body.results[1]!.intent!.label, 'cancel_order');
      assert.equal(body.results[2]!.sentiment!.label, 'positive');
    });

    test('a key issued before secret keys began sk_ (pk_…) still authenticates', async () => {
      const old = `pk_${newSecret()}`;
      await createApiKey(api.ctx.db, { botId: acme.bot.id, key: old, label: 'issued as pk_' });
      assert.equal((await classify(old, { texts: ['hi'] })).status, 200);
    });

    test('401 without a key, with an unknown key, with a revoked key, and with a session token instead of a key', async () => {
      assertError(await classify(undefined, { texts: ['hi'] }), 401, 'unauthorized');
      assertError(await classify('sk_not-a-real-key', { texts: ['hi'] }), 401, 'unauthorized');
      const key = await newKey();
      assert.equal((await classify(key, { texts: ['hi'] })).status, 200);
      const keys = await call(`${api.base}/bots/${acme.bot.id}/api-keys`, { token: adminToken });
      const id = keys.body.apiKeys.find((k: { prefix: string }) => key.startsWith(k.prefix)).id;
      assert.equal((await call(`${api.base}/bots/${acme.bot.id}/api-keys/${id}`, { method: 'DELETE', token: adminToken })).status, 204);
      assertError(await classify(key, { texts: ['hi'] }), 401, 'unauthorized');
      assertError(await classify(adminToken, { texts: ['hi'] }), 401, 'unauthorized');
    });

    test('400 for bad bodies, naming the bad field; nothing is counted', async () => {
      const key = await newKey();
      assert.match(assertError(await classify(key, {}), 400, 'invalid_payload'), /body\.texts/);
      assert.match(assertError(await classify(key, { texts: [] }), 400, 'invalid_payload'), /body\.texts/);
      assert.match(assertError(await classify(key, { texts: ['fine', ''] }), 400, 'invalid_payload'), /body\.texts\[1\]/);
      assert.match(
        assertError(await classify(key, { texts: ['fine', '   '] }), 400, 'invalid_payload'),
        /body\.texts\[1\]: must not be blank/,
      );
      assert.match(assertError(await classify(key, { texts: ['x'.repeat(4001)] }), 400, 'invalid_payload'), /body\.texts\[0\]/);
      assert.match(assertError(await classify(key, { texts: 'hello' }), 400, 'invalid_payload'), /body\.texts/);
      const tooMany = Array.from({ length: MAX_TEXTS_PER_CALL + 1 }, (_, i) => `text ${i}`);
      assert.match(assertError(await classify(key, { texts: tooMany }), 400, 'invalid_payload'), /body\.texts/);
      assert.match(assertError(await classify(key, { texts: ['ok'], extra: 1 }), 400, 'invalid_payload'), /extra/);
      const usage = await call(`${api.base}/usage`, { token: key });
      assert.deepEqual(usage.body.days, []);
    });

    test('malformed JSON is a 400 invalid_payload, a body over 64 KB a 413, both in the error shape', async () => {
      assert.match(assertError(await classify(acme.apiKey, '{"texts": ['), 400, 'invalid_payload'), /JSON/);
      const big = { texts: Array.from({ length: 20 }, () => 'x'.repeat(3999)) };
      assert.ok(JSON.stringify(big).length > 64 * 1024);
      const response = await classify(acme.apiKey, big);
      assertError(response, 413, 'invalid_payload');
      assert.doesNotMatch(JSON.stringify(response.body), /at \w+ \(|node_modules/);
    });

    test('503 with a clear error while the bot has no model; the call is not counted', async () => {
      const other = await seedWorkspace(api.ctx.db, 'Modelless');
      const message = assertError(await classify(other.apiKey, { texts: ['hello'] }), 503, 'internal');
      assert.match(message, /no trained model/);
      assert.deepEqual((await call(`${api.base}/usage`, { token: other.apiKey })).body.days, []);
    });
  });

  describe('usage and quotas', () => {
    test('each call adds 1 call and its number of texts to today’s counters, readable with the key', async () => {
      const key = await newKey(50);
      await classify(key, { texts: ['hello', 'track my shipment', 'reset my password please'] });
      await classify(key, { texts: ['when are you open', 'hi'] });
      const response = await call(`${api.base}/usage`, { token: key });
      assert.equal(response.status, 200);
      const usage = keyUsageSchema.parse(response.body);
      assert.deepEqual(usage.days, [{ day: utcDay(), calls: 2, messages: 5, inputTokens: 0, outputTokens: 0, costUsd: 0 }]);
      assert.equal(usage.apiKey.dailyQuota, 50);
      assert.equal(usage.to, utcDay());
      assert.ok(!JSON.stringify(response.body).includes(key), 'the key itself is never echoed');

      const past = await call(`${api.base}/usage?from=2020-01-01&to=2020-01-31`, { token: key });
      assert.deepEqual(past.body.days, []);
      assert.match(
        assertError(await call(`${api.base}/usage?from=2024-02-01&to=2024-01-01`, { token: key }), 400, 'invalid_payload'),
        /query\.from/,
      );
      assert.match(assertError(await call(`${api.base}/usage?to=yesterday`, { token: key }), 400, 'invalid_payload'), /query\.to/);
      assertError(await call(`${api.base}/usage`), 401, 'unauthorized');
    });

    test('20 concurrent calls at quota 5: exactly 5 served, 15 refused with 429 and Retry-After, the counter stops at 5', async () => {
      const key = await newKey(5);
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => classify(key, { texts: [`where is order ${i}`, 'hello'] })));
      const statuses = responses.map((r) => r.status).sort();
      assert.deepEqual(statuses, [...Array(5).fill(200), ...Array(15).fill(429)]);
      for (const refused of responses.filter((r) => r.status === 429)) {
        assertError(refused, 429, 'rate_limited');
        const retryAfter = Number(refused.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 24 * 60 * 60, `Retry-After ${retryAfter}`);
      }
      const usage = await call(`${api.base}/usage`, { token: key });
      assert.deepEqual(usage.body.days, [{ day: utcDay(), calls: 5, messages: 10, inputTokens: 0, outputTokens: 0, costUsd: 0 }]);
      // Still refused afterwards, still not counted.
      assertError(await classify(key, { texts: ['hello'] }), 429, 'rate_limited');
      const { rows } = await api.ctx.db.query<{ calls: number }>(
        'SELECT calls FROM usage_counters u JOIN api_keys k ON k.id = u.api_key_id WHERE k.prefix = $1',
        [key.slice(0, 12)],
      );
      assert.deepEqual(rows, [{ calls: 5 }]);
    });

    test('a quota of 0 refuses every call', async () => {
      assertError(await classify(await newKey(0), { texts: ['hello'] }), 429, 'rate_limited');
    });

    test('a key past its per-second burst limit gets 429 until the second is over', async () => {
      const base = api.mountAnother('/burst', { apiKeyRequestsPerSecond: 2 });
      const key = await newKey();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(`${base}/usage`, { token: key })).status);
      assert.deepEqual(statuses, [200, 200, 429]);
      // Another key is not affected.
      assert.equal((await call(`${base}/usage`, { token: await newKey() })).status, 200);
    });

    test('an IP past rateLimits.requestsPerIpPerMinute gets 429 with Retry-After on every route, unknown ones included', async () => {
      const base = api.mountAnother('/per-ip', { rateLimits: { ...GENEROUS_LIMITS, requestsPerIpPerMinute: 3 } });
      const first = [await call(`${base}/openapi.json`), await call(`${base}/nope`), await call(`${base}/usage`)];
      assert.deepEqual(
        first.map((r) => r.status),
        [200, 404, 401],
      );
      const refused = await call(`${base}/openapi.json`);
      assertError(refused, 429, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    });

    test('admins read the usage of every key of their bot', async () => {
      const key = await newKey(7);
      await classify(key, { texts: ['hello', 'hi'] });
      const response = await call(`${api.base}/bots/${acme.bot.id}/usage`, { token: adminToken });
      assert.equal(response.status, 200);
      const entry = response.body.apiKeys.find((k: { prefix: string }) => key.startsWith(k.prefix));
      assert.equal(entry.dailyQuota, 7);
      assert.deepEqual(entry.days, [{ day: utcDay(), calls: 1, messages: 2, inputTokens: 0, outputTokens: 0, costUsd: 0 }]);
      assert.ok(response.body.apiKeys.length >= 3);
    });
  });

  describe('API keys (admins)', () => {
    test('issue a key (shown once), list keys without secrets, revoke, revoke again', async () => {
      const created = await call(`${api.base}/bots/${acme.bot.id}/api-keys`, {
        token: adminToken,
        body: { label: 'crm', dailyQuota: 100 },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { key, apiKey } = created.body;
      assert.match(key, /^sk_[\w-]{40,}$/, "a secret key, unlike the widget's public pk_ key");
      assert.equal(apiKey.label, 'crm');
      assert.equal(apiKey.dailyQuota, 100);
      assert.ok(key.startsWith(apiKey.prefix) && apiKey.prefix.length < key.length);
      assert.equal((await classify(key, { texts: ['hello'] })).status, 200);

      const listed = await call(`${api.base}/bots/${acme.bot.id}/api-keys`, { token: adminToken });
      assert.equal(listed.status, 200);
      const text = JSON.stringify(listed.body);
      assert.ok(!text.includes(key) && !/hash/i.test(text), text);
      assert.equal(listed.body.apiKeys.find((k: { id: string }) => k.id === apiKey.id).revokedAt, null);

      const revoke = () => call(`${api.base}/bots/${acme.bot.id}/api-keys/${apiKey.id}`, { method: 'DELETE', token: adminToken });
      assert.equal((await revoke()).status, 204);
      assert.equal((await revoke()).status, 204);
      const after = await call(`${api.base}/bots/${acme.bot.id}/api-keys`, { token: adminToken });
      assert.ok(after.body.apiKeys.find((k: { id: string }) => k.id === apiKey.id).revokedAt);
      assertError(await classify(key, { texts: ['hello'] }), 401, 'unauthorized');

      assertError(
        await call(`${api.base}/bots/${acme.bot.id}/api-keys/00000000-0000-4000-8000-000000000000`, {
          method: 'DELETE',
          token: adminToken,
        }),
        404,
        'not_found',
      );
      assertError(
        await call(`${api.base}/bots/${acme.bot.id}/api-keys/not-a-uuid`, { method: 'DELETE', token: adminToken }),
        404,
        'not_found',
      );
      const bare = await call(`${api.base}/bots/${acme.bot.id}/api-keys`, { method: 'POST', token: adminToken });
      assert.equal(bare.status, 201, 'the body is optional');
      assert.match(
        assertError(
          await call(`${api.base}/bots/${acme.bot.id}/api-keys`, { token: adminToken, body: { dailyQuota: -1 } }),
          400,
          'invalid_payload',
        ),
        /body\.dailyQuota/,
      );
    });

    test('GET /bots lists the workspace’s bots only; another workspace’s bot is a 404 everywhere', async () => {
      const globex = await seedWorkspace(api.ctx.db, 'Globex');
      const globexAdmin = await login(api.base, globex.admin.email);
      const bots = await call(`${api.base}/bots`, { token: globexAdmin });
      assert.deepEqual(bots.body, {
        bots: [{ id: globex.bot.id, name: globex.bot.name, publicKey: globex.bot.publicKey, activeModelVersion: null }],
      });
      const acmeBots = await call(`${api.base}/bots`, { token: adminToken });
      assert.deepEqual(
        acmeBots.body.bots.map((b: { id: string; activeModelVersion: string }) => [b.id, b.activeModelVersion]),
        [[acme.bot.id, modelVersion]],
      );
      for (const [method, path, body] of [
        ['GET', `/bots/${acme.bot.id}/api-keys`],
        ['POST', `/bots/${acme.bot.id}/api-keys`, {}],
        ['GET', `/bots/${acme.bot.id}/usage`],
        ['DELETE', `/bots/${acme.bot.id}/api-keys/00000000-0000-4000-8000-000000000000`],
        ['GET', '/bots/not-a-uuid/api-keys'],
      ] as const)
        assertError(await call(`${api.base}${path}`, { method, token: globexAdmin, body }), 404, 'not_found');
    });

    test('agents get 403 (code unauthorized) from admin routes, and no session gets 401', async () => {
      const agentToken = await login(api.base, acme.agent.email);
      assert.equal((await call(`${api.base}/bots`, { token: agentToken })).status, 200, 'agents list bots: the console needs them');
      for (const [method, path] of [
        ['GET', `/bots/${acme.bot.id}/api-keys`],
        ['POST', `/bots/${acme.bot.id}/api-keys`],
        ['DELETE', `/bots/${acme.bot.id}/api-keys/00000000-0000-4000-8000-000000000000`],
        ['GET', `/bots/${acme.bot.id}/usage`],
      ] as const) {
        assert.match(assertError(await call(`${api.base}${path}`, { method, token: agentToken }), 403, 'unauthorized'), /admin/, path);
        assertError(await call(`${api.base}${path}`, { method }), 401, 'unauthorized');
      }
    });
  });

  describe('CORS', () => {
    const preflight = (path: string, origin: string) =>
      fetch(`${api.base}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });

    test('API-key routes allow any origin without credentials', async () => {
      const response = await preflight('/classify', 'https://shop.example.org');
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(response.headers.get('access-control-allow-credentials'), null);
      const actual = await fetch(`${api.base}/usage`, {
        headers: { origin: 'https://shop.example.org', authorization: `Bearer ${acme.apiKey}` },
      });
      assert.equal(actual.headers.get('access-control-allow-origin'), '*');
    });

    test('operator routes allow only the console origins, with credentials', async () => {
      for (const path of ['/auth/login', '/conversations', `/bots/${acme.bot.id}/api-keys`]) {
        const allowed = await preflight(path, CONSOLE_ORIGIN);
        assert.equal(allowed.headers.get('access-control-allow-origin'), CONSOLE_ORIGIN, path);
        assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true', path);
        const other = await preflight(path, 'https://evil.example.net');
        assert.equal(other.headers.get('access-control-allow-origin'), null, path);
      }
    });
  });

  test('unexpected failures are logged and answered as a bare 500 internal', async () => {
    const { logger, records } = memoryLogger();
    const db = await engine.migrated();
    const broken = await startApi(db, { logger });
    try {
      const seeded = await seedWorkspace(db, 'Doomed');
      const token = await login(broken.base, seeded.admin.email);
      await db.close();
      const response = await call(`${broken.base}/auth/me`, { token });
      const message = assertError(response, 500, 'internal');
      assert.doesNotMatch(message, /closed|database|pglite|pool|Error/i);
      assert.ok(records.some((r) => r.level === 50 && r.msg === 'API request failed' && r.path === '/api/v1/auth/me'));
    } finally {
      await broken.close();
    }
  });
});

// The document does not depend on the engine; one is enough.
forEachEngine((engine) => {
  let api: ApiHarness;
  let document: LooseJson;

  before(async () => {
    api = await startApi(await engine.migrated());
    const response = await call(`${api.base}/openapi.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    document = response.body;
  });
  after(() => api?.close());

  test('every route the router registers is in the document, and nothing else', () => {
    const router = apiRouter(api.ctx, { rateLimits: GENEROUS_LIMITS, corsOrigins: [] }) as unknown as {
      stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    };
    const registered = router.stack
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${openApiPath(layer.route!.path)}`));
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    assert.ok(registered.length >= 19, `${registered.length} routes`);
    assert.deepEqual([...documented].sort(), [...registered].sort());
    for (const expected of [
      'POST /classify',
      'POST /preview',
      'POST /bots/{botId}/preview',
      'GET /usage',
      'GET /bots/{botId}/usage',
      'POST /auth/login',
      'POST /auth/logout',
      'GET /auth/me',
      'GET /conversations',
      'GET /conversations/{conversationId}',
      'GET /conversations/{conversationId}/events',
      'POST /conversations/{conversationId}/messages',
      'POST /conversations/{conversationId}/take-over',
      'POST /conversations/{conversationId}/hand-back',
      'POST /conversations/{conversationId}/close',
      'POST /conversations/{conversationId}/assign',
      'POST /conversations/{conversationId}/notes',
      'POST /conversations/{conversationId}/corrections',
      'GET /bots',
      'POST /bots/{botId}/api-keys',
      'GET /bots/{botId}/api-keys',
      'DELETE /bots/{botId}/api-keys/{apiKeyId}',
      'GET /openapi.json',
    ])
      assert.ok(documented.includes(expected), expected);
  });

  test('OpenAPI 3.1 with both bearer schemes, request bodies, responses and the error shape', () => {
    assert.equal(document.openapi, '3.1.0');
    const schemes = document.components.securitySchemes;
    assert.deepEqual(
      [schemes.apiKey.type, schemes.apiKey.scheme, schemes.session.type, schemes.session.scheme],
      ['http', 'bearer', 'http', 'bearer'],
    );
    const classify = document.paths['/classify'].post;
    assert.deepEqual(classify.security, [{ apiKey: [] }]);
    assert.ok(classify.requestBody.content['application/json'].schema);
    assert.ok(classify.responses['200'] && classify.responses['401'] && classify.responses['429'].headers['Retry-After']);
    const send = document.paths['/conversations/{conversationId}/messages'].post;
    assert.deepEqual(send.security, [{ session: [] }, { sessionCookie: [] }]);
    assert.ok(send.responses['201'] && send.responses['200'] && send.responses['409']);
    assert.deepEqual(
      send.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`),
      ['path:conversationId'],
    );
    assert.ok(document.paths['/bots/{botId}/api-keys'].get.responses['403']);
    const error = document.components.schemas.Error;
    assert.deepEqual(error.required, ['error']);
    assert.ok(error.properties.error.properties.code.enum.includes('rate_limited'));
    // Every operation answers 500 in the error shape and names its operation id once.
    const ids = new Set<string>();
    for (const item of Object.values(document.paths as Record<string, Record<string, LooseJson>>))
      for (const op of Object.values(item)) {
        assert.ok(op.responses['500'].content['application/json'].schema.$ref.endsWith('/Error'));
        assert.ok(!ids.has(op.operationId), op.operationId);
        ids.add(op.operationId);
      }
  });
}, 'pglite');
