import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { taskBackendKind } from '../src/classifier/artifact-schema.ts';
import { readArtifact } from '../src/classifier/artifact-store.ts';
import { evaluate } from '../src/classifier/evaluate.ts';
import { openHfClassifier, type HfClassifier } from '../src/classifier/hf/hf-classifier.ts';
import { loadModel } from '../src/classifier/model.ts';
import { train } from '../src/classifier/train.ts';
import type { HfClassifierOptions } from '../src/classifier/hf/hf-classifier-spec.ts';
import { silentLogger, tempDir } from './support/quiet.ts';
import { writeTinyBert, type TinyBertFiles } from './support/tiny-bert.ts';

const logger = silentLogger();
const root = tempDir('hf-classifier');
let sentiment: TinyBertFiles;
let nli: TinyBertFiles;
const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'];
const NLI_LABELS = ['contradiction', 'neutral', 'entailment'];

before(() => {
  sentiment = writeTinyBert(path.join(root.dir, 'sentiment'), { labels: SENTIMENT_LABELS, seed: 3 });
  nli = writeTinyBert(path.join(root.dir, 'nli'), { labels: NLI_LABELS, seed: 11 });
});
after(() => root.remove());

async function withClassifier<T>(options: HfClassifierOptions, use: (classifier: HfClassifier) => Promise<T>): Promise<T> {
  const classifier = await openHfClassifier({ device: 'cpu', ...options }, logger);
  try {
    return await use(classifier);
  } finally {
    await classifier.close();
  }
}

function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The model's logits for one unpadded input, straight from ONNX Runtime and the tokenizer library: no transformers.js. */
async function referenceLogits(files: TinyBertFiles, text: string, pair?: string, modelPath = files.modelPath): Promise<number[]> {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(files.dir, file), 'utf8')) as object;
  const encoding = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json')).encode(text, {
    text_pair: pair ?? null,
    return_token_type_ids: true,
  }) as { ids: number[]; token_type_ids: number[] };
  const session = await ort.InferenceSession.create(modelPath);
  try {
    const dims = [1, encoding.ids.length];
    const int64 = (values: readonly number[]) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);
    const out = await session.run({
      input_ids: int64(encoding.ids),
      attention_mask: int64(encoding.ids.map(() => 1)),
      token_type_ids: int64(encoding.token_type_ids),
    });
    return Array.from(out['logits']!.data as Float32Array);
  } finally {
    await session.release();
  }
}

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((x, i) => assert.ok(Math.abs(actual[i]! - x) <= tolerance, `entry ${i}: ${actual[i]} vs ${x}`));
}

/** int8 activations are quantized per run, with a scale from the whole (padded) batch. */
const Q8_TOLERANCE = 0.02;
const TEXTS = ['good movie', 'the lazy dog was bad', 'hello world, a great day', 'the cat sat on the mat'];

describe('text-classification: a user-exported sequence classifier on transformers.js', () => {
  test('gives the softmax of the model logits per label, in id2label order, for a batch', async () => {
    await withClassifier({ kind: 'text-classification', model: sentiment.dir }, async (classifier) => {
      assert.deepEqual(classifier.labels, SENTIMENT_LABELS);
      assert.equal(classifier.device, 'cpu');
      assert.match(classifier.id, /^hf-text-classification:sentiment@[0-9a-f]{16}$/);
      const probabilities = await classifier.probabilities(TEXTS);
      assert.equal(probabilities.length, TEXTS.length);
      for (const [i, text] of TEXTS.entries()) assertClose(probabilities[i]!, softmax(await referenceLogits(sentiment, text)));
      assert.notDeepEqual(probabilities[0], probabilities[1], 'different texts should get different scores');
    });
  });

  test('q8 loads model_quantized.onnx: its own id, probabilities close to fp32 but not identical', async () => {
    const fp32 = await withClassifier({ kind: 'text-classification', model: sentiment.dir }, (c) => c.probabilities(TEXTS));
    await withClassifier({ kind: 'text-classification', model: sentiment.dir, dtype: 'q8' }, async (classifier) => {
      const q8 = await classifier.probabilities(TEXTS);
      for (const [i, text] of TEXTS.entries()) {
        // Dynamic quantization scales activations per run, so a padded batch differs slightly from a lone text.
        assertClose(q8[i]!, softmax(await referenceLogits(sentiment, text, undefined, sentiment.quantizedPath)), Q8_TOLERANCE);
        assertClose(q8[i]!, Array.from(fp32[i]!), 0.05);
      }
      assert.ok(
        q8.some((row, i) => row.some((p, k) => p !== fp32[i]![k])),
        'q8 should really be a different model',
      );
    });
  });

  test('labelMap renames the model labels to the bot labels, and rejects labels the model lacks', async () => {
    const labelMap = { negative: 'upset', positive: 'happy' };
    await withClassifier({ kind: 'text-classification', model: sentiment.dir, labelMap }, async (classifier) => {
      assert.deepEqual(classifier.labels, ['upset', 'neutral', 'happy']);
    });
    await assert.rejects(
      openHfClassifier({ kind: 'text-classification', model: sentiment.dir, device: 'cpu', labelMap: { LABEL_0: 'x' } }, logger),
      /LABEL_0.*negative, neutral, positive/,
    );
  });

  test('an encoder without a classification head, or without id2label, is refused clearly', async () => {
    const plain = writeTinyBert(path.join(root.dir, 'plain'));
    await assert.rejects(
      openHfClassifier({ kind: 'text-classification', model: plain.dir, device: 'cpu' }, logger),
      /config\.json: a text-classification model needs id2label/,
    );
  });
});

describe('zero-shot intents: an NLI model scoring each intent as a hypothesis', () => {
  const candidates = [
    { label: 'greeting', description: 'hello world' },
    { label: 'pets', description: 'a cat or a dog' },
    { label: 'films', description: 'a good movie' },
  ];
  const template = 'the {} .';

  async function reference(text: string, modelPath: string): Promise<number[]> {
    const entailment = NLI_LABELS.indexOf('entailment');
    const logits = [];
    for (const c of candidates)
      logits.push((await referenceLogits(nli, text, template.replace('{}', c.description), modelPath))[entailment]!);
    return softmax(logits);
  }

  for (const dtype of ['fp32', 'q8'] as const) {
    test(`${dtype}: the entailment logits of every (text, hypothesis) pair, softmaxed over the labels`, async () => {
      const modelPath = dtype === 'q8' ? nli.quantizedPath : nli.modelPath;
      await withClassifier({ kind: 'zero-shot', model: nli.dir, dtype, candidates, hypothesisTemplate: template }, async (classifier) => {
        assert.deepEqual(classifier.labels, ['greeting', 'pets', 'films']);
        const hash = createHash('sha256').update(fs.readFileSync(modelPath)).digest('hex').slice(0, 16);
        assert.equal(classifier.id, `hf-zero-shot:nli@${hash}`);
        const probabilities = await classifier.probabilities(TEXTS);
        const tolerance = dtype === 'q8' ? Q8_TOLERANCE : 1e-5;
        for (const [i, text] of TEXTS.entries()) assertClose(probabilities[i]!, await reference(text, modelPath), tolerance);
      });
    });
  }

  test('a label without a description is its own hypothesis; the default template is transformers’', async () => {
    await withClassifier({ kind: 'zero-shot', model: nli.dir, candidates: [{ label: 'cat' }, { label: 'dog' }] }, async (classifier) => {
      const [scores] = await classifier.probabilities(['the cat sat']);
      const entailment = NLI_LABELS.indexOf('entailment');
      const logit = async (label: string) => (await referenceLogits(nli, 'the cat sat', `This example is ${label}.`))[entailment]!;
      assertClose(scores!, softmax([await logit('cat'), await logit('dog')]));
    });
  });

  test('bad options are refused before anything loads', async () => {
    const base = { kind: 'zero-shot', model: nli.dir, device: 'cpu' } as const;
    await assert.rejects(openHfClassifier({ ...base, candidates: [{ label: 'only' }] }, logger), /candidates/);
    await assert.rejects(openHfClassifier({ ...base, candidates: [{ label: 'a' }, { label: 'a' }] }, logger), /unique/);
    await assert.rejects(
      openHfClassifier({ ...base, candidates: [{ label: 'a' }, { label: 'b' }], hypothesisTemplate: 'no slot' }, logger),
      /\{\}/,
    );
    await assert.rejects(
      openHfClassifier({ ...base, model: path.join(root.dir, 'nope'), candidates: [{ label: 'a' }, { label: 'b' }] }, logger),
      /nope: no such model directory/,
    );
  });
});

describe('a model artifact whose tasks a Hugging Face classifier serves', () => {
  const candidates = [
    { label: 'greeting', description: 'hello world' },
    { label: 'pets', description: 'a cat or a dog' },
    { label: 'films', description: 'a good movie' },
  ];
  const intents = [
    ['hello world', 'greeting'],
    ['hello', 'greeting'],
    ['a happy day, hello', 'greeting'],
    ['the cat sat on the mat', 'pets'],
    ['a lazy dog', 'pets'],
    ['the quick brown fox and the dog', 'pets'],
    ['good movie', 'films'],
    ['a great movie night', 'films'],
    ['bad movie', 'films'],
    ['run walk talk', 'oos'],
  ].map(([text, label]) => ({ text: text!, label: label! }));
  const heldOut = [
    ['hello, good day', 'greeting'],
    ['the cat was happy', 'pets'],
    ['was the movie good ?', 'films'],
    ['play time', 'oos'],
  ].map(([text, label]) => ({ text: text!, label: label! }));
  const sentimentExamples = [
    ['good movie', 'happy'],
    ['bad movie', 'upset'],
    ['a day', 'neutral'],
  ].map(([text, label]) => ({ text: text!, label: label! }));

  test('train() records each task’s backend, tunes and measures it; loadModel serves it, evaluate agrees; other weights are refused', async () => {
    const encoderDir = writeTinyBert(path.join(root.dir, 'encoder')).dir;
    const outDir = path.join(root.dir, 'artifact');
    const artifact = await train(
      { intents, sentiment: sentimentExamples },
      {
        encoderOptions: { kind: 'hf', model: encoderDir, device: 'cpu', worker: false, cache: false },
        classifiers: {
          intent: { kind: 'zero-shot', model: nli.dir, dtype: 'q8', candidates, hypothesisTemplate: 'the {} .', device: 'cpu' },
          sentiment: {
            kind: 'text-classification',
            model: sentiment.dir,
            labelMap: { negative: 'upset', positive: 'happy' },
            device: 'cpu',
          },
        },
        validation: { intents: heldOut, sentiment: sentimentExamples },
        outDir,
        logger,
      },
    );
    const intent = artifact.tasks.intent!;
    assert.equal(taskBackendKind(intent), 'zero-shot');
    assert.equal(taskBackendKind(artifact.tasks.sentiment!), 'text-classification');
    assert.deepEqual(intent.routes, {});
    assert.deepEqual(intent.labels, ['greeting', 'pets', 'films']);
    assert.equal(intent.oosLabel, 'oos');
    assert.equal(intent.backend!.classifier.dtype, 'q8');
    assert.ok(!('device' in intent.backend!.classifier), 'the artifact records the model, not where it ran');
    assert.equal(artifact.metrics.intent!['backend'], 'zero-shot');
    assert.equal(artifact.metrics.intent!['trainExamples'], intents.length);
    assert.equal(artifact.metrics.intent!['examples'], heldOut.length);

    const saved = await readArtifact(outDir);
    assert.deepEqual(saved.tasks.intent, intent);
    const model = await loadModel(outDir, { logger });
    try {
      const [classification] = await model.classify(['hello world']);
      assert.deepEqual(classification!.intent!.top.map((t) => t.label).sort(), ['films', 'greeting', 'pets']);
      assert.ok(['happy', 'neutral', 'upset'].includes(classification!.sentiment!.label));
      // The same held-out examples through the loaded model give the metrics the artifact recorded.
      const report = await evaluate(model, heldOut);
      assert.equal(report.accuracy, artifact.metrics.intent!['accuracy']);
      assert.deepEqual(report.confusion, artifact.metrics.intent!['confusion']);
    } finally {
      await model.close();
    }

    writeTinyBert(nli.dir, { labels: NLI_LABELS, seed: 12 });
    try {
      await assert.rejects(
        loadModel(outDir, { logger }),
        /intent classifier was hf-zero-shot:nli@[0-9a-f]{16}, but .*nli is now hf-zero-shot:nli@/,
      );
    } finally {
      writeTinyBert(nli.dir, { labels: NLI_LABELS, seed: 11 });
    }
  });

  test('zero-shot needs no examples; examples with a label the classifier lacks are refused', async () => {
    const encoderDir = writeTinyBert(path.join(root.dir, 'encoder-2')).dir;
    const encoderOptions = { kind: 'hf', model: encoderDir, device: 'cpu', worker: false, cache: false } as const;
    const classifier = { kind: 'zero-shot', model: nli.dir, candidates, device: 'cpu' } as const;
    const artifact = await train({}, { encoderOptions, classifiers: { intent: classifier }, logger });
    assert.equal(artifact.tasks.intent!.oosThreshold, 0);
    assert.equal(artifact.metrics.intent!['validationExamples'], 0);
    await assert.rejects(
      train({ intents: [{ text: 'hi', label: 'weather' }] }, { encoderOptions, classifiers: { intent: classifier }, logger }),
      /has no label weather \(its labels: greeting, pets, films\)/,
    );
  });
});
