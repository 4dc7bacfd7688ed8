import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Layer, ModelArtifact } from '../src/classifier/artifact-schema.ts';
import { readArtifact, saveArtifact } from '../src/classifier/artifact-store.ts';
import { ModelFileError } from '../src/model-file-error.ts';
import { tempDir } from './support/quiet.ts';

const randomF32 = (length: number) => Float32Array.from({ length }, () => Math.random() * 2 - 1);

const layer = (inputs: number, outputs: number, activation: Layer['activation']): Layer => ({
  weights: randomF32(inputs * outputs),
  bias: randomF32(outputs),
  inputs,
  outputs,
  activation,
});

/** A small but complete model: 4-dim embedding + 8 n-gram buckets → 3 hidden → 2 labels. */
function sampleArtifact(version = '20261129T081300Z-3f2a9c1e'): ModelArtifact {
  return {
    format: 'parley-model',
    formatVersion: 1,
    version,
    createdAt: '2026-11-29T08:13:00.000Z',
    packageVersion: '0.1.0',
    encoder: { id: 'use-lite-test', dim: 4, options: { kind: 'use-lite', precision: 'fp32' } },
    trainingDataHash: 'f'.repeat(64),
    tasks: {
      intent: {
        labels: ['greet', 'bye'],
        routes: {
          en: {
            language: 'en',
            labels: ['bye', 'greet'],
            embedding: true,
            ngrams: { buckets: 8, wordRange: [1, 2], charRange: [0, 0], idf: randomF32(8) },
            ngramScale: 0.5,
            layers: [layer(12, 3, 'relu'), layer(3, 2, 'none')],
            temperature: 1.25,
          },
        },
        oosLabel: null,
        oosThreshold: 0.4,
      },
    },
    metrics: { intent: { accuracy: 0.9, perLabel: { greet: { f1: 0.9 } } } },
    dataWarnings: ['1 duplicate example'],
  };
}

/** Only the temp parent is listed, so a leftover `.tmp-` sibling shows up here. */
const siblings = (dir: string): string[] => readdirSync(path.dirname(dir)).sort();

async function savedModel(): Promise<{ dir: string; artifact: ModelArtifact; remove: () => void }> {
  const tmp = tempDir('artifact');
  const dir = path.join(tmp.dir, 'model');
  const artifact = sampleArtifact();
  await saveArtifact(artifact, dir);
  return { dir, artifact, remove: tmp.remove };
}

async function assertModelFileError(promise: Promise<unknown>, file: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ModelFileError, `expected a ModelFileError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.ok(error.message.startsWith(file), error.message);
    assert.match(error.message, message);
    return true;
  });
}

test('an artifact round-trips through manifest.json + weights.bin, arrays included', async () => {
  const { dir, artifact, remove } = await savedModel();
  assert.deepEqual(readdirSync(dir).sort(), ['manifest.json', 'weights.bin']);
  assert.deepEqual(siblings(dir), ['model']);
  const back = await readArtifact(dir);
  assert.deepEqual(back, artifact);
  assert.ok(back.tasks.intent?.routes.en?.layers[0]?.weights instanceof Float32Array);

  const route = artifact.tasks.intent!.routes.en!;
  const floats = route.ngrams!.idf.length + route.layers.reduce((sum, l) => sum + l.weights.length + l.bias.length, 0);
  assert.equal(readFileSync(path.join(dir, 'weights.bin')).length, floats * 4);
  const manifest = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  assert.match(manifest, /"\$f32"/);
  assert.match(manifest, /"weightsSha256": "[0-9a-f]{64}"/);
  remove();
});

test('saving over an existing version fails and leaves it untouched', async () => {
  const { dir, artifact, remove } = await savedModel();
  const before = readdirSync(dir).map((name) => readFileSync(path.join(dir, name)));
  await assert.rejects(saveArtifact(sampleArtifact('another'), dir), /already exists.*immutable/);
  assert.deepEqual(
    readdirSync(dir).map((name) => readFileSync(path.join(dir, name))),
    before,
  );
  assert.deepEqual(await readArtifact(dir), artifact);
  assert.deepEqual(siblings(dir), ['model']);

  const empty = path.join(path.dirname(dir), 'empty');
  mkdirSync(empty);
  await assert.rejects(saveArtifact(sampleArtifact(), empty), /already exists/);
  assert.deepEqual(readdirSync(empty), []);
  remove();
});

test('a failed save leaves neither the directory nor a temp directory behind', async (t) => {
  const tmp = tempDir('artifact');
  t.after(tmp.remove);
  const dir = path.join(tmp.dir, 'model');

  const invalid = sampleArtifact();
  invalid.tasks.intent!.routes.en!.temperature = -1;
  await assert.rejects(saveArtifact(invalid, dir), /invalid model artifact[\s\S]*temperature/);

  const misshapen = sampleArtifact();
  misshapen.tasks.intent!.routes.en!.layers[1]!.inputs = 5;
  await assert.rejects(
    saveArtifact(misshapen, dir),
    /invalid model artifact: .*layers\[1\]\.weights has 6 values, expected inputs × outputs = 10/,
  );

  const unserialisable = sampleArtifact();
  unserialisable.metrics.intent = { confusion: new Int32Array(4) };
  await assert.rejects(saveArtifact(unserialisable, dir), /metrics\.intent\.confusion is binary but not a Float32Array/);
  assert.deepEqual(readdirSync(tmp.dir), []);

  const blocker = path.join(tmp.dir, 'not-a-dir');
  writeFileSync(blocker, '');
  await assert.rejects(saveArtifact(sampleArtifact(), path.join(blocker, 'model')), /not-a-dir/);
  assert.deepEqual(readdirSync(tmp.dir), ['not-a-dir']);
});

test('of two concurrent saves to one directory one wins, the other cleans up its temp directory', async (t) => {
  const tmp = tempDir('artifact');
  t.after(tmp.remove);
  const dir = path.join(tmp.dir, 'model');
  const artifacts = [sampleArtifact('first'), sampleArtifact('second')];
  const results = await Promise.allSettled(artifacts.map((a) => saveArtifact(a, dir)));
  const won = results.findIndex((r) => r.status === 'fulfilled');
  const lost = results.find((r) => r.status === 'rejected');
  assert.ok(won >= 0 && lost, JSON.stringify(results.map((r) => r.status)));
  assert.match(String(lost.reason), /already exists/);
  assert.deepEqual(readdirSync(tmp.dir), ['model']);
  assert.deepEqual(await readArtifact(dir), artifacts[won]);
});

test('a missing directory or file is a ModelFileError naming the path', async () => {
  const { dir, remove } = await savedModel();
  await assertModelFileError(readArtifact(path.join(dir, 'nope')), path.join(dir, 'nope'), /does not exist/);
  rmSync(path.join(dir, 'weights.bin'));
  await assertModelFileError(readArtifact(dir), path.join(dir, 'weights.bin'), /cannot be read \(ENOENT\)/);
  rmSync(path.join(dir, 'manifest.json'));
  await assertModelFileError(readArtifact(dir), path.join(dir, 'manifest.json'), /cannot be read \(ENOENT\)/);
  remove();
});

test('a truncated or altered weights.bin is named as truncated or corrupt', async () => {
  const { dir, remove } = await savedModel();
  const file = path.join(dir, 'weights.bin');
  const good = readFileSync(file);

  writeFileSync(file, good.subarray(0, good.length - 6));
  await assertModelFileError(readArtifact(dir), file, /truncated or corrupt: \d+ bytes, manifest\.json expects \d+/);

  const flipped = Buffer.from(good);
  flipped[17]! ^= 0x40;
  writeFileSync(file, flipped);
  await assertModelFileError(readArtifact(dir), file, /truncated or corrupt: its sha256 does not match/);
  remove();
});

/** The manifest as these tests edit it. */
interface Manifest {
  [key: string]: unknown;
  tasks: {
    intent: {
      labels: string[];
      routes: {
        en: {
          labels: string[];
          temperature: number;
          ngrams: { buckets: number };
          layers: Array<{ outputs: number; bias: { $f32: { offset: number } } }>;
        };
      };
    };
  };
}

const manifestCases: Array<{ name: string; edit: (m: Manifest) => void; message: RegExp }> = [
  { name: 'another format', edit: (m) => (m['format'] = 'onnx'), message: /is not a Parley model \(format "onnx"/ },
  {
    name: 'a newer format version',
    edit: (m) => (m['formatVersion'] = 2),
    message: /written by a newer version of Parley \(formatVersion 2/,
  },
  { name: 'no weights checksum', edit: (m) => delete m['weightsSha256'], message: /does not describe its weights/ },
  {
    name: 'a layer shape that disagrees with its arrays',
    edit: (m) => (m.tasks.intent.routes.en.layers[0]!.outputs = 4),
    message:
      /is inconsistent: .*layers\[0\]\.weights has 36 values, expected inputs × outputs = 48; .*layers\[0\]\.bias has 3 values.*; .*layers\[0\] has 4 outputs but layer 1 takes 3 inputs/,
  },
  {
    name: 'too few outputs for the labels',
    edit: (m) => m.tasks.intent.routes.en.labels.push('greet'),
    message: /last layer has 2 outputs for 3 labels/,
  },
  {
    name: 'a route label the task lacks',
    edit: (m) => (m.tasks.intent.routes.en.labels[0] = 'hello'),
    message: /routes\.en\.labels has labels the task does not: hello/,
  },
  {
    name: 'an idf of the wrong length',
    edit: (m) => (m.tasks.intent.routes.en.ngrams.buckets = 9),
    message: /idf has 8 values for 9 buckets/,
  },
  {
    name: 'a reference past the end of weights.bin',
    edit: (m) => (m.tasks.intent.routes.en.layers[1]!.bias.$f32.offset = 1000),
    message: /layers\[1\]\.bias references floats 1000\.\.1002 but weights\.bin holds only \d+/,
  },
  {
    name: 'a field that breaks the schema',
    edit: (m) => (m.tasks.intent.routes.en.temperature = 0),
    message: /is not a valid Parley model:[\s\S]*temperature/,
  },
];

test('a broken manifest.json is a ModelFileError naming it and what is wrong', async (t) => {
  const { dir, remove } = await savedModel();
  t.after(remove);
  const file = path.join(dir, 'manifest.json');
  const good = readFileSync(file, 'utf8');

  await t.test('not JSON', async () => {
    writeFileSync(file, good.slice(0, good.length / 2));
    await assertModelFileError(readArtifact(dir), file, /is not valid JSON/);
  });
  for (const { name, edit, message } of manifestCases) {
    await t.test(name, async () => {
      const manifest = JSON.parse(good) as Manifest;
      edit(manifest);
      writeFileSync(file, JSON.stringify(manifest));
      await assertModelFileError(readArtifact(dir), file, message);
    });
  }
});
