import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '../src/index.ts';
import { train } from '../src/classifier/train.ts';
import { createModel, loadModel } from '../src/classifier/model.ts';
import { evaluate } from '../src/classifier/evaluate.ts';
import type { ModelArtifact } from '../src/classifier/artifact-schema.ts';
import { detectLanguage } from '../src/classifier/features/script.ts';
import { chineseIntents, chineseSentiment, englishIntents, englishSentiment } from './fixtures/tiny-domain.ts';
import { silentLogger, tempDir } from './support/quiet.ts';
import type { TrainProgress } from '../src/classifier/api-types.ts';

const work = tempDir('classifier');
let encoder: Encoder;
let artifact: ModelArtifact;
const progress: string[] = [];
const updates: TrainProgress[] = [];

before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', cacheDir: work.dir }, silentLogger());
  artifact = await train(
    { intents: [...englishIntents, ...chineseIntents], sentiment: [...englishSentiment, ...chineseSentiment] },
    { encoder, seed: 7, logger: silentLogger(), outDir: path.join(work.dir, 'model-v1') },
    (p) => {
      progress.push(`${p.task}:${p.stage}`);
      updates.push(p);
    },
  );
});
after(async () => {
  await encoder.close();
  work.remove();
});

test('script detection routes CJK-heavy text to the zh path', () => {
  assert.equal(detectLanguage('where is my order'), 'en');
  assert.equal(detectLanguage('我的订单到哪里了'), 'zh');
  assert.equal(detectLanguage('my 订单 is late'), 'en');
  assert.equal(detectLanguage('订单 ok'), 'zh');
  assert.equal(detectLanguage(''), 'en');
});

test('training reports progress through each stage and trains a head per script', () => {
  for (const stage of ['all:validate', 'all:embed', 'intent:train', 'intent:calibrate', 'sentiment:train', 'all:save'])
    assert.ok(progress.includes(stage), stage);
  assert.ok(artifact.tasks.intent?.routes.en && artifact.tasks.intent.routes.zh);
  assert.equal(artifact.tasks.intent.routes.zh.embedding, false, 'the CJK head does not read the (collapsed) USE embedding');
  assert.equal(artifact.encoder.id, encoder.id);
  assert.match(artifact.trainingDataHash, /^[0-9a-f]{64}$/);
});

test('overall progress never goes back across routes and fits, and reaches its total only at the end', () => {
  const overall = updates.flatMap((p) => (p.overall ? [p.overall] : []));
  assert.ok(overall.length >= updates.length - 1, 'only the first update comes before the plan');
  const { total } = overall[0]!;
  assert.ok(overall.every((o) => o.total === total));
  overall.forEach((o, i) => i === 0 || assert.ok(o.done >= overall[i - 1]!.done, `update ${i} goes back`));
  assert.equal(overall.at(-1)!.done, total);
  assert.ok(overall.slice(0, -1).every((o) => o.done < total));
  // Epochs restart per route and per cross-fitted member; each says which.
  const trains = updates.filter((p) => p.stage === 'train');
  assert.ok(trains.every((p) => p.route && p.fit && p.fits && p.fit <= p.fits));
  assert.ok(['en', 'zh'].every((route) => trains.some((p) => p.task === 'intent' && p.route === route)));
});

test('the trained model classifies unseen English and Chinese messages in one batch', async () => {
  const model = await createModel(artifact, encoder);
  const [en, zh, enBad, zhGood] = await model.classify([
    'could you track my parcel',
    '帮我查一下快递',
    'the agent was rude and useless',
    '服务太棒了，谢谢',
  ]);
  assert.equal(en!.language, 'en');
  assert.equal(en!.intent!.label, 'track_order');
  assert.equal(zh!.language, 'zh');
  assert.equal(zh!.intent!.label, 'track_order');
  assert.equal(enBad!.sentiment!.label, 'negative');
  assert.equal(zhGood!.sentiment!.label, 'positive');
  const top = en!.intent!.top;
  assert.ok(top.length > 1 && top[0]!.confidence >= top[1]!.confidence);
  assert.ok(Math.abs(Object.values(en!.sentiment!.probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-5);
  await model.close();
});

test('evaluate() scores held-out phrasings', async () => {
  const model = await createModel(artifact, encoder);
  const heldOut = [
    { text: 'I need to know where my delivery is', label: 'track_order' },
    { text: 'please cancel that purchase', label: 'cancel_order' },
    { text: 'give me a refund for the shipment', label: 'refund' },
    { text: 'I forgot my account password', label: 'reset_password' },
    { text: 'let me talk to a human agent', label: 'human_agent' },
    { text: 'when do you open on sunday', label: 'opening_hours' },
    { text: '订单怎么退款', label: 'refund' },
    { text: '我要人工客服', label: 'human_agent' },
  ];
  const report = await evaluate(model, heldOut, { task: 'intent' });
  assert.ok(report.accuracy >= 0.75, JSON.stringify(report.perLabel));
  assert.ok(report.ece >= 0 && report.ece <= 1);
  await assert.rejects(evaluate(model, [{ text: 'x', label: 'no_such_intent' }]), /unknown labels/);
  await model.close();
});

test('the same seed and data train the same weights', async () => {
  const again = await train({ intents: englishIntents }, { encoder, seed: 7, logger: silentLogger() });
  const twice = await train({ intents: englishIntents }, { encoder, seed: 7, logger: silentLogger() });
  const weights = (a: ModelArtifact) => a.tasks.intent!.routes.en!.layers[0]!.weights;
  assert.deepEqual(weights(again), weights(twice));
  assert.equal(again.tasks.intent!.routes.en!.temperature, twice.tasks.intent!.routes.en!.temperature);
  assert.equal(again.tasks.intent!.routes.en!.layers.length, 2, 'the default head is an MLP');
  const linear = await train({ intents: englishIntents }, { encoder, seed: 7, logger: silentLogger(), head: 'linear' });
  assert.equal(linear.tasks.intent!.routes.en!.layers.length, 1);
});

test('a saved model loads from its directory and gives the same answers', async () => {
  const dir = path.join(work.dir, 'model-v1');
  assert.deepEqual(readdirSync(dir).sort(), ['manifest.json', 'weights.bin']);
  const loaded = await loadModel(dir, { encoder });
  const fresh = await createModel(artifact, encoder);
  const texts = ['cancel my order', '转人工', 'this is wonderful'];
  assert.deepEqual(await loaded.classify(texts), await fresh.classify(texts));
  await Promise.all([loaded.close(), fresh.close()]);
});

test('a model refuses an encoder other than the one it was trained on', async () => {
  const other = { ...encoder, id: 'use-lite@0000000000000000' } as Encoder;
  await assert.rejects(createModel(artifact, other), /trained on encoder/);
});

test('bad training data gets a clear error', async () => {
  const opts = { encoder, logger: silentLogger() };
  await assert.rejects(train({ intents: [] }, opts), /empty/);
  await assert.rejects(
    train(
      {
        intents: [
          { text: 'a', label: 'x' },
          { text: 'b', label: 'x' },
        ],
      },
      opts,
    ),
    /two labels|at least 2|one label/i,
  );
  await assert.rejects(train({}, opts), /nothing to train/);
});

test('a retrain warm-started from the live model keeps its heads, learns a correction, and trains a head with a new label cold', async () => {
  const live = await train({ intents: englishIntents }, { encoder, seed: 7, logger: silentLogger() });
  const labels = [...new Set(englishIntents.map((e) => e.label))];
  // A message the live model files under one label, corrected to another it knows.
  const text = 'i need to speak with the people who handle this';
  const liveModel = await createModel(live, encoder);
  const [before] = await liveModel.classify([text]);
  await liveModel.close();
  const corrected = labels.find((label) => label !== before!.intent!.label)!;
  const correction = Array.from({ length: 3 }, () => ({ text, label: corrected }));

  const warm = await train({ intents: [...englishIntents, ...correction] }, { encoder, seed: 7, logger: silentLogger(), warmStart: live });
  assert.equal(warm.metrics.intent!['warmStartedFrom'], live.version);
  assert.deepEqual(warm.metrics.intent!['warmStartedRoutes'], ['en']);
  const model = await createModel(warm, encoder);
  const [after] = await model.classify([text]);
  assert.equal(after!.intent!.label, corrected, 'the correction is learned in the one warm epoch');
  const report = await evaluate(model, englishIntents, { task: 'intent' });
  assert.ok(report.accuracy >= 0.9, `warm-started model on its training examples: ${report.accuracy}`);

  const withNewLabel = [
    ...englishIntents,
    ...['do you sell gift cards', 'can i buy a gift card', 'gift vouchers please'].map((t) => ({ text: t, label: 'gift_card' })),
  ];
  const cold = await train({ intents: withNewLabel }, { encoder, seed: 7, logger: silentLogger(), warmStart: live });
  assert.equal(cold.metrics.intent!['warmStartedFrom'], undefined, 'a head whose labels changed trains cold');
  await model.close();
});
