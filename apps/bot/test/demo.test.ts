import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import helmet from 'helmet';
import type { TrainProgress } from '@parley/model';
import { hashSecret } from '../src/auth/secret-token.ts';
import { findApiKey, listApiKeys } from '../src/db/api-key-store.ts';
import { findBot } from '../src/db/bot-store.ts';
import type { Database } from '../src/db/database.ts';
import { listModelVersions } from '../src/db/model-version-store.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { authenticateOperator, listOperators } from '../src/db/operator-store.ts';
import { credentialsFile } from '../src/demo/demo-credentials.ts';
import { DEMO_DATA_DIR } from '../src/demo/demo-data.ts';
import { demoPage } from '../src/demo/demo-page.ts';
import { DEMO_OPERATOR_EMAIL, ensureDemo, type DemoInfo } from '../src/demo/ensure-demo.ts';
import { parseBotConfig } from '../src/engine/bot-config.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';
import { modelTrainingSet } from '../src/training/model-training-set.ts';
import { memoryLogger, silentLogger } from './support/logger.ts';
import { readJsonl, slicedDemoData } from './support/sliced-demo-data.ts';

const demoIntents = readJsonl(path.join(DEMO_DATA_DIR, 'bitext', 'train.jsonl'));
const demoSentiment = readJsonl(path.join(DEMO_DATA_DIR, 'sentiment', 'train.jsonl'));
const intentLabels = [...new Set(demoIntents.map((e) => e.label))].sort();
/** Lower case, letters and digits only: "Where's my refund?" and "wheres my refund" are one text. */
const comparable = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

describe('demo data', () => {
  const answersFile = JSON.parse(readFileSync(path.join(DEMO_DATA_DIR, 'bitext', 'answers.json'), 'utf8')) as {
    answers: Record<string, { text: string; quickReplies?: Array<{ label: string; value: string }> }>;
    intentDisplayNames: Record<string, string>;
  };

  test('answers.json answers every intent of train.jsonl, with quick replies to other intents, and passes parseBotConfig', () => {
    assert.equal(intentLabels.length, 27);
    assert.deepEqual(Object.keys(answersFile.answers).sort(), intentLabels);
    assert.deepEqual(Object.keys(answersFile.intentDisplayNames).sort(), intentLabels);
    for (const [intent, answer] of Object.entries(answersFile.answers)) {
      assert.ok(answer.text.length > 0 && answer.text.length <= 4000, intent);
      assert.doesNotMatch(answer.text, /\{\{|\}\}|\[[A-Z][^\]]*\]/, `${intent} has an unfilled placeholder`);
      assert.ok(answer.quickReplies && answer.quickReplies.length >= 1 && answer.quickReplies.length <= 3, intent);
      for (const reply of answer.quickReplies) {
        assert.ok(reply.label.length <= 80 && reply.value.length <= 200);
        assert.ok(intentLabels.includes(reply.value) && reply.value !== intent, `${intent} → ${reply.value}`);
      }
    }
    const config = parseBotConfig({ ...answersFile, allowedOrigins: [] });
    assert.equal(Object.keys(config.answers).length, 27);
  });

  test('zh/answers.json translates every answer, display name and bot text, with the same quick-reply values', () => {
    const zh = JSON.parse(readFileSync(path.join(DEMO_DATA_DIR, 'zh', 'answers.json'), 'utf8')) as typeof answersFile & {
      texts: Record<string, string>;
    };
    assert.deepEqual(Object.keys(zh.answers).sort(), intentLabels);
    assert.deepEqual(Object.keys(zh.intentDisplayNames).sort(), intentLabels);
    for (const [intent, answer] of Object.entries(zh.answers)) {
      assert.match(answer.text, /\p{Script=Han}/u, intent);
      assert.deepEqual(
        answer.quickReplies?.map((r) => r.value),
        answersFile.answers[intent]!.quickReplies?.map((r) => r.value),
        intent,
      );
    }
    assert.match(zh.texts['clarify']!, /\{option1\}.*\{option2\}/);
  });

  test('the realistic examples are kept apart: no text of the evaluation set is trained on or seeded', () => {
    const evalTexts = new Set(
      readFileSync(new URL('../bench/answers/eval-set.jsonl', import.meta.url), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => comparable((JSON.parse(line) as { text: string }).text)),
    );
    for (const file of [
      'realistic/train.en.jsonl',
      'realistic/train.zh.jsonl',
      'realistic/oos.jsonl',
      'realistic/test.jsonl',
      'sentiment/realistic.jsonl',
    ]) {
      const leaked = readJsonl(path.join(DEMO_DATA_DIR, file)).filter((e) => evalTexts.has(comparable(e.text)));
      assert.deepEqual(leaked, [], file);
    }
  });

  test('the sentiment set has about 150 distinct examples of each label', () => {
    const perLabel = new Map<string, number>();
    for (const e of demoSentiment) perLabel.set(e.label, (perLabel.get(e.label) ?? 0) + 1);
    assert.deepEqual([...perLabel.keys()].sort(), ['negative', 'neutral', 'positive']);
    for (const n of perLabel.values()) assert.ok(n >= 140, `${n}`);
    assert.equal(new Set(demoSentiment.map((e) => e.text)).size, demoSentiment.length);
  });
});

/**
 * The demo's own answers with a stratified slice of its examples (every intent and sentiment label kept): the
 * seeding and training path is the same, and training takes seconds instead of the full set's 20 s–3 min.
 * `npm start` and `npm run bench:bot` train on the full set.
 */
describe('ensureDemo on PGlite', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-demo-'));
  const demoDataDir = slicedDemoData(24);
  const seededIntents = readJsonl(path.join(demoDataDir, 'bitext', 'train.jsonl'));
  const seededSentiment = readJsonl(path.join(demoDataDir, 'sentiment', 'train.jsonl'));
  const seededIntentTests = readJsonl(path.join(demoDataDir, 'bitext', 'test.jsonl'));
  const { logger, records } = memoryLogger();
  const progress: TrainProgress[] = [];
  let db: Database;
  let models: ModelRegistry;
  let first: DemoInfo;
  let firstMs: number;

  const counts = async () => {
    const { rows } = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM workspaces) AS workspaces, (SELECT count(*)::int FROM bots) AS bots,
              (SELECT count(*)::int FROM operators) AS operators, (SELECT count(*)::int FROM api_keys) AS api_keys,
              (SELECT count(*)::int FROM model_versions) AS model_versions,
              (SELECT count(*)::int FROM training_examples WHERE task = 'intent' AND split = 'train') AS intent_examples,
              (SELECT count(*)::int FROM training_examples WHERE task = 'intent' AND split = 'test') AS intent_tests,
              (SELECT count(*)::int FROM training_examples WHERE task = 'sentiment') AS sentiment_examples`,
    );
    return rows[0]!;
  };

  before(async () => {
    db = await openDatabase({ dataDir, logger: silentLogger() });
    models = new ModelRegistry({ logger: silentLogger() });
    const started = performance.now();
    // Trains the model on the slice (a few seconds); every test below reuses it.
    first = await ensureDemo({ db, models, dataDir, demoDataDir, logger, onProgress: (p) => progress.push(p) });
    firstMs = performance.now() - started;
  });
  after(async () => {
    await models.close();
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(demoDataDir, { recursive: true, force: true });
  });

  test('the first start seeds the workspace, bot, operator, API key and seed examples, and reports training progress', async (t) => {
    t.diagnostic(`first ensureDemo, training included: ${(firstMs / 1000).toFixed(1)} s`);
    assert.deepEqual(await counts(), {
      workspaces: 1,
      bots: 1,
      operators: 1,
      api_keys: 1,
      model_versions: 1,
      intent_examples: seededIntents.length,
      intent_tests: seededIntentTests.length,
      sentiment_examples: seededSentiment.length,
    });
    const bot = (await findBot(db, first.botId))!;
    assert.equal(bot.name, 'Parley Demo');
    assert.equal(bot.workspaceId, first.workspaceId);
    assert.equal(bot.publicKey, first.publicKey);
    assert.match(first.publicKey, /^pk_demo_[\w-]{20,}$/);
    assert.deepEqual(bot.config.allowedOrigins, []);
    assert.deepEqual(Object.keys(parseBotConfig(bot.config).answers).sort(), intentLabels);

    const [operator] = await listOperators(db, first.workspaceId);
    assert.deepEqual(
      { email: operator!.email, displayName: operator!.displayName, role: operator!.role },
      { email: DEMO_OPERATOR_EMAIL, displayName: 'Demo Admin', role: 'admin' },
    );
    assert.equal(first.operatorEmail, DEMO_OPERATOR_EMAIL);
    assert.ok(first.operatorPassword.length >= 10);
    assert.ok(first.apiKey && (await findApiKey(db, first.apiKey))?.botId === first.botId);
    assert.match(first.apiKey, /^sk_/, 'the secret key does not look like the public pk_ one');

    const { rows: sources } = await db.query<{ source: string }>('SELECT DISTINCT source FROM training_examples');
    assert.deepEqual(sources, [{ source: 'seed' }]);
    assert.ok(progress.some((p) => p.stage === 'embed') && progress.some((p) => p.stage === 'save'));
    assert.ok(records.some((r) => r.msg === 'model trained and live'));
  });

  test('the operator and API key are kept in a file only its owner can read', async () => {
    const file = credentialsFile(dataDir);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    assert.deepEqual(stored, {
      botId: first.botId,
      operatorEmail: DEMO_OPERATOR_EMAIL,
      operatorPassword: first.operatorPassword,
      apiKey: first.apiKey,
    });
  });

  test('the operator can log in with the printed password, and with no other', async () => {
    assert.equal((await authenticateOperator(db, DEMO_OPERATOR_EMAIL, first.operatorPassword))?.workspaceId, first.workspaceId);
    assert.equal(await authenticateOperator(db, DEMO_OPERATOR_EMAIL, `${first.operatorPassword}x`), undefined);
  });

  test('the trained model is recorded, promoted and served', async () => {
    const bot = (await findBot(db, first.botId))!;
    const versions = await listModelVersions(db, first.botId);
    assert.equal(versions.length, 1);
    assert.equal(versions[0]!.status, 'live');
    assert.equal(bot.activeModelVersion, versions[0]!.version);
    assert.equal(versions[0]!.artifactDir, path.join(dataDir, 'models', first.botId, versions[0]!.version));
    // The held-out test split is not trained on: the model saw the seeded training examples and the built-ins.
    const trained = (versions[0]!.metrics as { intent: { trainExamples: number; validationExamples: number } }).intent;
    const expected = modelTrainingSet({ intents: seededIntents, sentiment: [] }, parseBotConfig(bot.config).builtins, 1).intents!;
    assert.equal(trained.trainExamples + trained.validationExamples, expected.length);
    assert.ok(existsSync(path.join(versions[0]!.artifactDir, 'manifest.json')));
    // The temporary training directory was renamed, not left behind.
    assert.deepEqual(readdirSync(path.join(dataDir, 'models', first.botId)), [versions[0]!.version]);
    assert.equal(models.current(first.botId)?.version, versions[0]!.version);

    const cancel = await models.classify(first.botId, 'I want to cancel my order');
    assert.equal(cancel?.classification.intent?.label, 'cancel_order');
    const angry = await models.classify(first.botId, 'this is the worst service ever, I am furious');
    assert.equal(angry?.classification.sentiment?.label, 'negative');
    const thanks = await models.classify(first.botId, 'thank you so much, you were really helpful');
    assert.equal(thanks?.classification.sentiment?.label, 'positive');
  });

  test('a second start finds everything and makes nothing again', async () => {
    const before = await counts();
    const again = await ensureDemo({ db, models, dataDir, demoDataDir, logger: silentLogger() });
    assert.deepEqual(again, { ...first, passwordIsNew: false });
    assert.deepEqual(await counts(), before);
    // A demo database seeded before the test split existed gets it on its next start.
    await db.query(`DELETE FROM training_examples WHERE split = 'test'`);
    await ensureDemo({ db, models, dataDir, demoDataDir, logger: silentLogger() });
    assert.deepEqual(await counts(), before);
  });

  test('only the start that made the password reports it as new; later ones point at the credentials file', async () => {
    assert.equal(first.passwordIsNew, true);
    assert.equal(first.credentialsFile, credentialsFile(dataDir));
    const later = await ensureDemo({ db, models, dataDir, demoDataDir, logger: silentLogger() });
    assert.equal(later.passwordIsNew, false);
    assert.equal(later.operatorPassword, first.operatorPassword);
    assert.equal(later.credentialsFile, credentialsFile(dataDir));
  });

  test('what main.ts does on a restart, loadActive, serves the same model from the database', async () => {
    const restarted = new ModelRegistry({ logger: silentLogger() });
    try {
      await restarted.loadActive(db);
      assert.equal(restarted.current(first.botId)?.version, (await findBot(db, first.botId))!.activeModelVersion);
      assert.equal((await restarted.classify(first.botId, 'how do I reset my password'))?.classification.intent?.label, 'recover_password');
    } finally {
      await restarted.close();
    }
  });

  test('a fixed demo API key is added once, stored only hashed, and found by findApiKey', async () => {
    const fixed = `demo_${randomBytes(12).toString('hex')}`;
    const withKey = await ensureDemo({ db, models, dataDir, demoDataDir, demoApiKey: fixed, logger: silentLogger() });
    assert.equal(withKey.apiKey, fixed);
    assert.equal(withKey.botId, first.botId);
    assert.equal((await findApiKey(db, fixed))?.botId, first.botId);
    const { rows } = await db.query<{ key_hash: string; prefix: string }>('SELECT key_hash, prefix FROM api_keys');
    assert.ok(rows.some((r) => r.key_hash === hashSecret(fixed)));
    assert.ok(rows.every((r) => r.key_hash !== fixed && !r.prefix.includes(fixed)));

    await ensureDemo({ db, models, dataDir, demoDataDir, demoApiKey: fixed, logger: silentLogger() });
    assert.equal((await listApiKeys(db, first.botId)).length, 2);
    // The random key made on the first start is still on record and still works.
    assert.equal(JSON.parse(await readFile(credentialsFile(dataDir), 'utf8')).apiKey, first.apiKey);
    assert.equal((await findApiKey(db, first.apiKey))?.botId, first.botId);
  });

  test('a fixed operator password replaces the random one', async () => {
    const password = 'correct horse battery staple';
    const info = await ensureDemo({ db, models, dataDir, demoDataDir, demoOperatorPassword: password, logger: silentLogger() });
    assert.equal(info.operatorPassword, password);
    assert.equal(info.passwordIsNew, true);
    assert.ok(await authenticateOperator(db, DEMO_OPERATOR_EMAIL, password));
    assert.equal(await authenticateOperator(db, DEMO_OPERATOR_EMAIL, first.operatorPassword), undefined);
    const next = await ensureDemo({ db, models, dataDir, demoDataDir, logger: silentLogger() });
    assert.deepEqual([next.operatorPassword, next.passwordIsNew], [password, false]);
  });

  test('a damaged credentials file is ignored, not trusted', async () => {
    await writeFile(credentialsFile(dataDir), JSON.stringify({ botId: "x' OR 1=1 --", operatorEmail: 'a', operatorPassword: 'b' }));
    const info = await ensureDemo({ db, models, dataDir, demoDataDir, logger: silentLogger() });
    assert.equal(info.botId, first.botId);
    assert.ok(await authenticateOperator(db, DEMO_OPERATOR_EMAIL, info.operatorPassword));
    await writeFile(credentialsFile(dataDir), '{ not json');
    assert.equal((await ensureDemo({ db, models, dataDir, demoDataDir, logger: silentLogger() })).botId, first.botId);
  });

  test('a lost credentials file gets the same bot a new working password and API key', async () => {
    await rm(credentialsFile(dataDir));
    const info = await ensureDemo({ db, models, dataDir, demoDataDir, logger: silentLogger() });
    assert.equal(info.botId, first.botId);
    assert.equal(info.passwordIsNew, true, 'the new password is printed once');
    assert.notEqual(info.apiKey, first.apiKey);
    assert.ok(await authenticateOperator(db, DEMO_OPERATOR_EMAIL, info.operatorPassword));
    assert.equal((await findApiKey(db, info.apiKey))?.botId, first.botId);
    assert.equal((await counts()).bots, 1);
  });
});

describe('demo page', () => {
  const publicKey = `pk_demo_${randomBytes(16).toString('base64url')}`;
  let server: ReturnType<express.Express['listen']>;
  let base: string;

  before(async () => {
    const app = express();
    // As in the server: helmet's default CSP everywhere, which the page must override.
    app.use(helmet());
    app.use(demoPage({ publicKey }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('GET / serves a page that embeds the widget with the bot key, under a nonce-based CSP', async () => {
    const response = await fetch(`${base}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.ok(Buffer.byteLength(html) < 15_000, `${Buffer.byteLength(html)} bytes`);

    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'self'/);
    // The only script is the widget, from this origin, with the nonce and the demo bot's key.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]![1], ` nonce="${nonce}" src="/widget.js" data-bot="${publicKey}" data-open="true"`);
    assert.equal(scripts[0]![2], '');
    assert.ok(html.includes(`<style nonce="${nonce}">`));
    assert.doesNotMatch(html, /innerHTML/);

    const again = await fetch(`${base}/`);
    assert.notEqual(/'nonce-([^']+)'/.exec(again.headers.get('content-security-policy') ?? '')?.[1], nonce);
  });
});
