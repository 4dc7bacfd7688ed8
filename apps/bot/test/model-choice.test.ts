import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { taskBackendKind, train } from '@parley/model';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { BotConfigError, parseBotConfig } from '../src/engine/bot-config.ts';
import { botModelChoice, deploymentModels } from '../src/models/model-choice.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';
import { modelTrainingSet } from '../src/training/model-training-set.ts';
import { modelVersionViews } from '../src/training/api-views.ts';
import type { OperatorNames } from '../src/conversation/operator-names.ts';
import type { Json } from '../src/db/message.ts';
import type { ModelVersion } from '../src/db/model-version-store.ts';
import { modelVersionInfoSchema } from '@parley/protocol';
// The model package's generator of tiny Hugging Face models: the same models its own tests run.
import { writeTinyBert } from '../../../packages/model/test/support/tiny-bert.ts';

const logger = pino({ level: 'silent' });
let root: string;
let modelsDir: string;

before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'parley-model-choice-'));
  modelsDir = path.join(root, 'hf-models');
  writeTinyBert(path.join(modelsDir, 'tiny-encoder'));
  writeTinyBert(path.join(modelsDir, 'tiny-nli'), { labels: ['contradiction', 'neutral', 'entailment'], seed: 5 });
});
after(() => rmSync(root, { recursive: true, force: true }));

/** A model_versions row as the store returns it, for the API's version views. */
const versionRow = (version: string, metrics: Json): ModelVersion => ({
  id: version,
  botId: 'bot-1',
  version,
  artifactDir: '/models/x',
  metrics,
  status: 'candidate',
  createdAt: new Date(),
  promotedAt: null,
  promotedBy: null,
  overrideReason: null,
  evaluation: null,
  trainingJobId: null,
});
const versionViews = (rows: ModelVersion[]) => modelVersionViews({ refs: async () => new Map() } as unknown as OperatorNames, rows);

describe('PARLEY_ENCODER and PARLEY_HF_MODELS_DIR', () => {
  test('default use-lite; hf:<dir> and JSON parse; a bad value fails the start, named', () => {
    assert.deepEqual(deploymentModels({}).encoder, { kind: 'use-lite' });
    assert.deepEqual(deploymentModels({ PARLEY_ENCODER: 'hf:/models/bge' }).encoder, { kind: 'hf', model: '/models/bge' });
    assert.equal(deploymentModels({ PARLEY_HF_MODELS_DIR: 'rel/models' }).hfModelsDir, path.resolve('rel/models'));
    assert.throws(
      () => loadConfig({ PARLEY_ENCODER: 'bert-large' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PARLEY_ENCODER: expected use-lite, use-lite-int8, hf:<model directory>/);
        return true;
      },
    );
  });
});

describe("a bot's model choice", () => {
  const deployment = () => ({ encoder: { kind: 'use-lite', precision: 'int8' } as const, hfModelsDir: modelsDir });

  test('the bot config names models of the deployment, never paths', () => {
    assert.deepEqual(parseBotConfig({}).model, { encoder: 'deployment' });
    for (const bad of ['hf:../etc', 'hf:/abs/path', 'bert', 'hf:']) {
      assert.throws(() => parseBotConfig({ model: { encoder: bad } }), BotConfigError, bad);
    }
    assert.throws(() => parseBotConfig({ model: { intent: { kind: 'zero-shot', model: '../x' } } }), /model\.intent\.model/);
    assert.throws(() => parseBotConfig({ model: { intent: { kind: 'zero-shot', model: 'nli', remote: true } } }), /remote: unknown key/);
  });

  test('a version of trained heads shows as such; one with a sentiment classifier too', async () => {
    const metrics: Json[] = [{ intent: { accuracy: 1 } }, { intent: { accuracy: 1 }, sentiment: { backend: 'text-classification' } }, {}];
    const views = await versionViews(metrics.map((m, i) => versionRow(`v${i}`, m)));
    assert.deepEqual(
      views.map((v) => v.backends),
      [
        { intent: 'heads', sentiment: null },
        { intent: 'heads', sentiment: 'text-classification' },
        { intent: 'heads', sentiment: null },
      ],
    );
  });

  test('encoder: the deployment’s by default, the bot’s own when it names one', () => {
    assert.deepEqual(botModelChoice(parseBotConfig({}), deployment()).encoder, { kind: 'use-lite', precision: 'int8' });
    assert.deepEqual(botModelChoice(parseBotConfig({ model: { encoder: 'use-lite' } }), deployment()).encoder, { kind: 'use-lite' });
    assert.deepEqual(botModelChoice(parseBotConfig({ model: { encoder: 'hf:tiny-encoder' } }), deployment()).encoder, {
      kind: 'hf',
      model: path.join(modelsDir, 'tiny-encoder'),
    });
    assert.throws(
      () => botModelChoice(parseBotConfig({ model: { encoder: 'hf:tiny-encoder' } }), { ...deployment(), hfModelsDir: undefined }),
      /names the Hugging Face model "tiny-encoder", but this deployment offers none \(set PARLEY_HF_MODELS_DIR\)/,
    );
  });

  test('zero-shot: every trained intent but oos is a candidate, described by the config, its display name or its name', () => {
    const config = parseBotConfig({
      intentDisplayNames: { track_order: 'Track my order' },
      model: { intent: { kind: 'zero-shot', model: 'tiny-nli', descriptions: { refund: 'asks for money back' } } },
    });
    const data = { intents: ['refund', 'track_order', 'change_address', 'oos', 'refund'].map((label) => ({ text: label, label })) };
    const intent = botModelChoice(config, deployment()).classifiers(data)!.intent!;
    assert.equal(intent.kind, 'zero-shot');
    assert.equal(intent.model, path.join(modelsDir, 'tiny-nli'));
    assert.deepEqual(intent.kind === 'zero-shot' && intent.candidates, [
      { label: 'change_address', description: 'change address' },
      { label: 'refund', description: 'asks for money back' },
      { label: 'track_order', description: 'Track my order' },
    ]);
    assert.equal(botModelChoice(parseBotConfig({}), deployment()).classifiers(data), undefined);
  });

  test('a zero-shot bot on an hf encoder trains, and the model registry serves its intents from the NLI model', async () => {
    const config = parseBotConfig({
      builtins: { smallTalk: false, background: false },
      model: { encoder: 'hf:tiny-encoder', intent: { kind: 'zero-shot', model: 'tiny-nli', dtype: 'q8' } },
    });
    const choice = botModelChoice(config, deployment());
    const examples = [
      ['hello world', 'greeting'],
      ['hello', 'greeting'],
      ['the cat sat', 'pets'],
      ['a lazy dog', 'pets'],
    ].map(([text, label]) => ({ text: text!, label: label! }));
    const data = modelTrainingSet({ intents: examples, sentiment: [] }, config.builtins, 1);
    const outDir = path.join(root, 'artifact');
    const artifact = await train(data, {
      encoderOptions: { ...choice.encoder, device: 'cpu', worker: false, cache: false } as never,
      classifiers: choice.classifiers(data)!,
      outDir,
      logger,
    });
    assert.equal(taskBackendKind(artifact.tasks.intent!), 'zero-shot');
    assert.match(artifact.encoder.id, /^hf:tiny-encoder@/);

    // What the console lists for this version: its intents come from zero-shot, its (absent) sentiment from nothing.
    const [view] = await versionViews([versionRow(artifact.version, artifact.metrics as Json)]);
    assert.deepEqual(view!.backends, { intent: 'zero-shot', sentiment: null });
    modelVersionInfoSchema.parse(view);

    const registry = new ModelRegistry({ logger, encoderOverrides: { device: 'cpu' } });
    try {
      await registry.activate('bot-1', artifact.version, outDir);
      const outcome = await registry.classify('bot-1', 'hello there');
      assert.deepEqual(outcome!.classification.intent!.top.map((t) => t.label).sort(), ['greeting', 'pets']);
      assert.equal(outcome!.version, artifact.version);
    } finally {
      await registry.close();
    }
  });
});
