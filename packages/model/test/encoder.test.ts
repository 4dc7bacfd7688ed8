import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createEncoder, cudaUnavailableReason, type Encoder } from '../src/index.ts';
import { openSession } from '../src/runtime/ort-session.ts';
import { cosine } from './support/reference-use.ts';
import { memoryLogger, silentLogger, tempDir } from './support/quiet.ts';

const cacheDir = tempDir('encoder');
let encoder: Encoder;

before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', cacheDir: cacheDir.dir, device: 'cpu', cache: false }, silentLogger());
});
after(async () => {
  await encoder.close();
  cacheDir.remove();
});

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

test('anything but an array of strings is a TypeError that says what was wrong', async () => {
  const bad: Array<[unknown, RegExp]> = [
    [null, /got null/],
    [undefined, /got undefined/],
    ['just a string', /got string/],
    [[1], /element 0 is number/],
    [['ok', null], /element 1 is null/],
    [['ok', 'fine', undefined], /element 2 is undefined/],
    [[{}], /element 0 is an object/],
  ];
  for (const [input, message] of bad) {
    await assert.rejects(
      encoder.embed(input as string[]),
      (e: unknown) => e instanceof TypeError && message.test(e.message),
      String(input),
    );
  }
});

test('empty and whitespace-only texts embed to finite unit vectors', async () => {
  const vectors = await encoder.embed(['', ' ', '\n\t', '']);
  assert.equal(vectors.length, 4);
  for (const v of vectors) {
    assert.equal(v.length, encoder.dim);
    assert.ok(v.every(Number.isFinite));
    assert.ok(Math.abs(norm(v) - 1) < 1e-4);
  }
  assert.deepEqual(vectors[0], vectors[3]);
  assert.deepEqual(await encoder.embed([]), []);
});

test('text past the 128-token limit is truncated to its first 128 tokens', async () => {
  assert.equal(encoder.maxTokens, 128);
  // Each of these words is a single token, so n words are n tokens.
  const words = (n: number) => Array.from({ length: n }, (_, i) => ['the', 'to', 'a', 'and', 'of', 'in'][i % 6]).join(' ');
  const tail = ' the television arrived broken and I am furious about it';
  const [limit, past, farPast, inside] = await encoder.embed([words(128), words(128) + tail, words(5000) + tail, words(110) + tail]);
  const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
  assert.ok(maxDiff(limit!, past!) < 1e-5, 'tokens past 128 must not count');
  assert.ok(maxDiff(limit!, farPast!) < 1e-5);
  assert.ok(maxDiff(limit!, inside!) > 1e-3, 'tokens within 128 must count, or the checks above prove nothing');
});

test('a text embeds the same alone and inside a batch of longer texts (padding is masked)', async () => {
  const text = 'where is my refund';
  const [alone] = await encoder.embed([text]);
  const batch = await encoder.embed([text, 'a much longer message about a delivery that never arrived at my house last week', 'ok']);
  assert.ok(cosine(alone!, batch[0]!) > 0.99999);
});

test('concurrent calls are coalesced into fewer session runs and each gets its own answer', async () => {
  const texts = Array.from({ length: 100 }, (_, i) => `question number ${i} about my account`);
  const expected = await encoder.embed(texts);
  const before = encoder.stats().batches;
  const results = await Promise.all(texts.map((t) => encoder.embed([t])));
  const runs = encoder.stats().batches - before;
  assert.ok(runs < 100 / 4, `100 concurrent calls took ${runs} runs`);
  results.forEach((r, i) => assert.ok(cosine(r[0]!, expected[i]!) > 0.99999));
});

test('a lone call on an idle encoder is one session run of one text', async () => {
  const before = encoder.stats();
  await encoder.embed(['just me']);
  const after = encoder.stats();
  assert.equal(after.batches - before.batches, 1);
  assert.equal(after.encodedTexts - before.encodedTexts, 1);
});

test('duplicate texts in one call are encoded once', async () => {
  const before = encoder.stats().encodedTexts;
  const [a, b, c] = await encoder.embed(['same text', 'same text', 'other text']);
  assert.equal(encoder.stats().encodedTexts - before, 2);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  a![0] = 42; // callers own their arrays
  assert.notEqual(b![0], 42);
});

test('the embedding cache serves repeats without the model, and persists across restarts', async () => {
  const tmp = tempDir('emb-cache');
  const file = path.join(tmp.dir, 'embeddings.cache');
  const options = { kind: 'use-lite' as const, cacheDir: cacheDir.dir, device: 'cpu' as const, cache: { maxEntries: 100, file } };
  const first = await createEncoder(options, silentLogger());
  const [v1] = await first.embed(['cache me']);
  await first.embed(['cache me']);
  assert.equal(first.stats().encodedTexts, 1);
  assert.equal(first.stats().cacheHits, 1);
  await first.close();
  assert.ok(existsSync(file));

  const second = await createEncoder(options, silentLogger());
  const [v2] = await second.embed(['cache me']);
  assert.equal(second.stats().encodedTexts, 0);
  assert.deepEqual(v2, v1);
  await second.close();
  tmp.remove();
});

test('the converted ONNX model is cached by source hash; a damaged cached file is converted again', async () => {
  const tmp = tempDir('onnx-cache');
  const open = async () => {
    const { logger, records } = memoryLogger();
    const enc = await createEncoder({ kind: 'use-lite', cacheDir: tmp.dir, device: 'cpu', cache: false }, logger);
    const [v] = await enc.embed(['hello there']);
    await enc.close();
    return { v: v!, records };
  };
  const cold = await open();
  assert.ok(cold.records.some((r) => r['fromCache'] === false));
  const onnxFile = readdirSync(tmp.dir).find((f) => f.endsWith('.onnx'))!;
  assert.match(onnxFile, /^use-lite-[0-9a-f]{16}-c\d+\.onnx$/);
  const warm = await open();
  assert.ok(warm.records.some((r) => r['fromCache'] === true));
  writeFileSync(path.join(tmp.dir, onnxFile), 'not an onnx model');
  const healed = await open();
  assert.ok(healed.records.some((r) => r['level'] === 40 && /checksum/.test(String(r['msg']))));
  assert.deepEqual(healed.v, cold.v);
  tmp.remove();
});

test('device auto falls back to the CPU and logs why; device cuda fails clearly where CUDA is missing', async () => {
  const reason = cudaUnavailableReason();
  if (reason === undefined) return; // a CUDA machine: the fallback cannot be observed here
  const { logger, records } = memoryLogger();
  const auto = await createEncoder({ kind: 'use-lite', cacheDir: cacheDir.dir, device: 'auto', threads: 1, cache: false }, logger);
  assert.equal(auto.device, 'cpu');
  assert.ok(records.some((r) => r['reason'] === reason && /CPU/.test(String(r['msg']))));
  assert.equal((await auto.embed(['still works']))[0]!.length, 512);
  await auto.close();
  await assert.rejects(createEncoder({ kind: 'use-lite', cacheDir: cacheDir.dir, device: 'cuda', cache: false }, silentLogger()), /cuda/i);
});

test('invalid options are rejected before anything loads', async () => {
  await assert.rejects(createEncoder({ kind: 'use-lite', device: 'tpu' } as never, silentLogger()), /device/);
  await assert.rejects(createEncoder({ kind: 'use-lite', threads: 0 }, silentLogger()), /threads/);
  await assert.rejects(createEncoder({ kind: 'nope' } as never, silentLogger()), TypeError);
});

test('a corrupt ONNX file is an error naming the file', async () => {
  await assert.rejects(
    openSession(new Uint8Array([1, 2, 3, 4]), '/models/broken.onnx', { device: 'cpu', logger: silentLogger() }),
    /\/models\/broken\.onnx/,
  );
});

test('with the model in a worker, large batches do not stall the event loop; in-process they do', async () => {
  const texts = Array.from(
    { length: 1024 },
    (_, i) => `message ${i}: my order ${i * 7} has not arrived and I would like to know where it is`,
  );
  const longestStall = async (worker: boolean): Promise<number> => {
    const options = { kind: 'use-lite' as const, cacheDir: cacheDir.dir, device: 'cpu' as const, cache: false as const, worker };
    const enc = await createEncoder({ ...options, batch: { maxBatchSize: 512 } }, silentLogger());
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    await enc.embed(texts);
    clearInterval(ticker);
    await enc.close();
    return longest;
  };
  const inWorker = await longestStall(true);
  const inProcess = await longestStall(false);
  // In-process, each 512-text run blocks the loop for its whole duration; in a worker only tokenizing does.
  assert.ok(inWorker < inProcess / 2, `worker stalled ${inWorker.toFixed(0)} ms, in-process ${inProcess.toFixed(0)} ms`);
});

test('in-process mode (worker: false) gives the same vectors as the worker', async () => {
  const inline = await createEncoder(
    { kind: 'use-lite', cacheDir: cacheDir.dir, device: 'cpu', cache: false, worker: false },
    silentLogger(),
  );
  const texts = ['where is my parcel', '', 'I want a refund now!!'];
  const [a, b] = [await inline.embed(texts), await encoder.embed(texts)];
  assert.equal(inline.id, encoder.id);
  a.forEach((v, i) => assert.ok(cosine(v, b[i]!) > 0.99999));
  await inline.close();
});

test('closing is idempotent and later calls fail clearly', async () => {
  const enc = await createEncoder({ kind: 'use-lite', cacheDir: cacheDir.dir, device: 'cpu', cache: false }, silentLogger());
  await enc.close();
  await enc.close();
  await assert.rejects(enc.embed(['x']), /closed/);
});

test('a batch the model rejects fails only that call; the worker keeps serving', async () => {
  const { openWorkerBackend } = await import('../src/encoder/worker/worker-backend.ts');
  const { encoderOptionsSchema } = await import('../src/encoder/create-encoder.ts');
  const backend = await openWorkerBackend(
    encoderOptionsSchema.parse({ kind: 'use-lite', cacheDir: cacheDir.dir, device: 'cpu' }),
    silentLogger(),
  );
  // Token id far outside the vocabulary: the embedding Gather fails inside ONNX Runtime.
  await assert.rejects(backend.encodeTokenized([[999_999]]), /.+/);
  const [vector] = await backend.encodeTokenized([backend.tokenize('still alive')]);
  assert.equal(vector!.length, 512);
  await backend.close();
  await assert.rejects(backend.encodeTokenized([[5]]), /closed/);
});

test('the int8 encoder is its own encoder, close to fp32 on real sentences', async () => {
  const int8 = await createEncoder(
    { kind: 'use-lite', precision: 'int8', cacheDir: cacheDir.dir, device: 'cpu', cache: false },
    silentLogger(),
  );
  try {
    assert.notEqual(int8.id, encoder.id, 'models and caches of one precision must never read the other');
    assert.match(int8.id, /^use-lite-int8@/);
    const texts = [
      'where is my parcel',
      'I was charged twice for one order!!',
      'cancel my subscription please',
      'ok thanks',
      'the app crashes when I pay',
    ];
    const [a, b] = [await encoder.embed(texts), await int8.embed(texts)];
    const cosines = texts.map((_, i) => a[i]!.reduce((sum, x, k) => sum + x * b[i]![k]!, 0));
    for (const [i, text] of texts.entries()) assert.ok(cosines[i]! > 0.995, `${text}: cosine ${cosines[i]}`);
    assert.ok(Math.min(...cosines) < 0.99999, 'the weights were quantized: int8 does not give fp32 bits');
  } finally {
    await int8.close();
  }
});
