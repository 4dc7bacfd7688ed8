import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { pino } from 'pino';
import { createEncoder, type EncoderOptions } from '../src/encoder/create-encoder.ts';
import type { Encoder } from '../src/encoder/encoder-types.ts';
import { parseEncoderSetting } from '../src/encoder/encoder-setting.ts';
import { cudaUnavailableReason, openOnDevice } from '../src/runtime/ort-session.ts';
import { memoryLogger } from './support/quiet.ts';
import { TINY_BERT_HIDDEN, TINY_BERT_MAX_TOKENS, writeTinyBert, type TinyBertFiles } from './support/tiny-bert.ts';

const logger = pino({ level: 'silent' });
let root: string;
let model: TinyBertFiles;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-hf-encoder-'));
  model = writeTinyBert(path.join(root, 'tiny-bert'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

type HfInput = Extract<EncoderOptions, { kind: 'hf' }>;

async function withEncoder<T>(options: Partial<HfInput>, use: (encoder: Encoder) => Promise<T>): Promise<T> {
  // No cache: a cached vector would hide a backend that pads, truncates or pools wrongly.
  const encoder = await createEncoder({ kind: 'hf', model: model.dir, device: 'cpu', cache: false, ...options }, logger);
  try {
    return await use(encoder);
  } finally {
    await encoder.close();
  }
}

async function embedOne(encoder: Encoder, text: string): Promise<Float32Array> {
  const [vector] = await encoder.embed([text]);
  return vector!;
}

function tokenIds(text: string): number[] {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(model.dir, file), 'utf8')) as object;
  return new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json')).encode(text).ids;
}

/** last_hidden_state rows straight from ONNX Runtime, one unpadded sequence, independent of the backend. */
async function referenceRows(ids: readonly number[], mask: readonly number[] = ids.map(() => 1)): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(model.modelPath);
  try {
    const dims = [1, ids.length];
    const int64 = (values: readonly number[]) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);
    const out = await session.run({ input_ids: int64(ids), attention_mask: int64(mask), token_type_ids: int64(ids.map(() => 0)) });
    const data = out['last_hidden_state']!.data as Float32Array;
    return ids.map((_, t) => data.slice(t * TINY_BERT_HIDDEN, (t + 1) * TINY_BERT_HIDDEN));
  } finally {
    await session.release();
  }
}

function mean(rows: readonly Float32Array[]): Float32Array {
  return Float32Array.from({ length: TINY_BERT_HIDDEN }, (_, d) => rows.reduce((sum, row) => sum + row[d]!, 0) / rows.length);
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (v: Float32Array) => Math.sqrt(dot(v, v));
const cosine = (a: Float32Array, b: Float32Array) => dot(a, b) / (norm(a) * norm(b));

function assertClose(actual: Float32Array, expected: Float32Array, tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]!) <= tolerance, `element ${i}: ${x} vs ${expected[i]}`));
}

describe('Hugging Face ONNX encoder (transformers.js)', () => {
  test('loads the tiny model with its width, token limit and a weights-derived id', async () => {
    await withEncoder({}, async (encoder) => {
      const hash = createHash('sha256').update(fs.readFileSync(model.modelPath)).digest('hex').slice(0, 16);
      assert.equal(encoder.id, `hf:tiny-bert@${hash}`);
      assert.equal(encoder.dim, TINY_BERT_HIDDEN);
      assert.equal(encoder.device, 'cpu');
      assert.equal(encoder.maxTokens, TINY_BERT_MAX_TOKENS);
      const vectors = await encoder.embed(['the cat sat on the mat', 'a quick brown fox', 'hello world']);
      for (const vector of vectors) {
        assert.equal(vector.length, TINY_BERT_HIDDEN);
        assert.ok(Math.abs(norm(vector) - 1) < 1e-5, `norm ${norm(vector)}`);
      }
      assert.ok(cosine(vectors[0]!, vectors[1]!) < 0.999, 'different texts should not collapse to one vector');
    });
  });

  test('mean pooling matches a mean over ONNX Runtime token vectors', async () => {
    const text = 'The quick brown fox jumped over the lazy dog.';
    const expected = mean(await referenceRows(tokenIds(text)));
    await withEncoder({ normalize: false }, async (encoder) => assertClose(await embedOne(encoder, text), expected));
    await withEncoder({}, async (encoder) => {
      assertClose(
        await embedOne(encoder, text),
        expected.map((x) => x / norm(expected)),
      );
    });
  });

  test('CLS pooling takes the first token vector', async () => {
    const text = 'hello world, good day';
    const [cls] = await referenceRows(tokenIds(text));
    await withEncoder({ pooling: 'cls', normalize: false }, async (encoder) => {
      assertClose(await embedOne(encoder, text), cls!);
      assert.match(encoder.id, /#cls,unnormalized$/, 'differently pooled vectors must not share a cache id');
    });
  });

  test('padding next to a longer text leaves an embedding unchanged', async () => {
    const short = 'the cat';
    const long = 'the quick brown fox jumps over the lazy dog on a warm day';
    // Guard: the model must actually depend on the mask, or this test could not catch a backend ignoring it.
    const ids = tokenIds(short);
    const padded = [...ids, ...Array<number>(8).fill(0)];
    const unmasked = mean((await referenceRows(padded)).slice(0, ids.length));
    assert.ok(cosine(unmasked, mean(await referenceRows(ids))) < 0.999, 'attending to padding should change the vector');

    await withEncoder({}, async (encoder) => {
      const alone = await embedOne(encoder, short);
      const [inBatch, longVector] = await encoder.embed([short, long]);
      assert.ok(cosine(alone, inBatch!) >= 0.9999, `cosine ${cosine(alone, inBatch!)}`);
      assert.ok(cosine(alone, longVector!) < 0.999);
    });
  });

  test('truncates long texts to maxTokens, keeping [CLS] and [SEP]', async () => {
    const words = 'the cat sat on the mat and the dog ran over the lazy fox on a warm night in the good time'.split(' ');
    const long = words.join(' ');
    assert.ok(tokenIds(long).length > TINY_BERT_MAX_TOKENS, 'the text must exceed the position table to test truncation');
    await withEncoder({}, async (encoder) => {
      // Every word is one token, so the first maxTokens - 2 words are exactly what fits between [CLS] and [SEP].
      const truncated = words.slice(0, TINY_BERT_MAX_TOKENS - 2).join(' ');
      assertClose(await embedOne(encoder, long), await embedOne(encoder, truncated));
    });
    await withEncoder({ maxTokens: 5 }, async (encoder) => {
      assert.equal(encoder.maxTokens, 5);
      assertClose(await embedOne(encoder, long), await embedOne(encoder, words.slice(0, 3).join(' ')));
    });
  });

  test('prepends the prefix to every text', async () => {
    const text = 'good movie';
    const prefixed = await withEncoder({ prefix: 'query: ' }, (encoder) => embedOne(encoder, text));
    await withEncoder({}, async (encoder) => {
      assertClose(prefixed, await embedOne(encoder, `query: ${text}`));
      assert.ok(cosine(prefixed, await embedOne(encoder, text)) < 0.999, 'the prefix should change the vector');
    });
  });

  test('accepts model.onnx at the top level of the directory', async () => {
    const dir = path.join(root, 'top-level');
    const files = writeTinyBert(dir);
    fs.renameSync(files.modelPath, path.join(dir, 'model.onnx'));
    fs.rmSync(path.join(dir, 'onnx'), { recursive: true });
    const text = 'happy day';
    const expected = await withEncoder({}, (encoder) => embedOne(encoder, text));
    await withEncoder({ model: dir }, async (encoder) => assertClose(await embedOne(encoder, text), expected));
  });

  test('`dir`, as artifacts from before transformers.js record it, still names the model', async () => {
    const expected = await withEncoder({}, (encoder) => embedOne(encoder, 'good food'));
    await withEncoder({ model: undefined, dir: model.dir }, async (encoder) => assertClose(await embedOne(encoder, 'good food'), expected));
  });

  test('in-process and worker-thread encoders give the same vectors', async () => {
    const texts = ['the cat sat', 'a quick brown fox jumps over the lazy dog', ''];
    const inWorker = await withEncoder({}, (encoder) => encoder.embed(texts));
    const inProcess = await withEncoder({ worker: false }, (encoder) => encoder.embed(texts));
    inWorker.forEach((vector, i) => assertClose(vector, inProcess[i]!));
  });

  test('dtype q8 loads model_quantized.onnx: its own id, vectors close to fp32', async () => {
    const texts = ['the quick brown fox', 'good movie', 'hello world, happy day'];
    const [fp32, fp32Id] = await withEncoder({}, async (encoder) => [await encoder.embed(texts), encoder.id] as const);
    await withEncoder({ dtype: 'q8' }, async (encoder) => {
      const hash = createHash('sha256').update(fs.readFileSync(model.quantizedPath)).digest('hex').slice(0, 16);
      assert.equal(encoder.id, `hf:tiny-bert@${hash}`);
      assert.notEqual(encoder.id, fp32Id);
      const q8 = await encoder.embed(texts);
      q8.forEach((vector, i) => {
        const similarity = cosine(vector, fp32[i]!);
        assert.ok(similarity > 0.99 && similarity < 0.999999, `q8 vs fp32 cosine ${similarity}: close, but really quantized`);
      });
    });
  });

  test('a dtype whose file is missing is an error naming the file it looked for', async () => {
    await assert.rejects(
      createEncoder({ kind: 'hf', model: model.dir, dtype: 'fp16', device: 'cpu', cache: false }, logger),
      /model_fp16\.onnx: file not found \(dtype fp16\)/,
    );
  });

  test('a hub id loads only with remote on: off by default, it fails at once without touching the network', async () => {
    const started = performance.now();
    await assert.rejects(
      createEncoder({ kind: 'hf', model: 'Xenova/bge-small-zh-v1.5', device: 'cpu', cache: false, worker: false }, logger),
      /no such model directory.*remote loading/,
    );
    assert.ok(performance.now() - started < 5000);
  });

  test('device auto falls back to the CPU and logs why', async () => {
    const reason = cudaUnavailableReason();
    if (reason === undefined) return; // a CUDA machine: the fallback cannot be observed here (the next test covers it)
    const { logger: memory, records } = memoryLogger();
    const encoder = await createEncoder({ kind: 'hf', model: model.dir, device: 'auto', cache: false }, memory);
    try {
      assert.equal(encoder.device, 'cpu');
      assert.ok(
        records.some((r) => r['reason'] === reason && /CPU/.test(String(r['msg']))),
        JSON.stringify(records),
      );
      assert.equal((await embedOne(encoder, 'still works')).length, TINY_BERT_HIDDEN);
    } finally {
      await encoder.close();
    }
    await assert.rejects(createEncoder({ kind: 'hf', model: model.dir, device: 'cuda', cache: false }, logger), /cuda/i);
  });

  test('device auto never hard-fails: a CUDA session that fails to open falls back to the CPU; cuda fails', async () => {
    const { logger: memory, records } = memoryLogger();
    const tried: string[] = [];
    const open = async (device: string) => {
      tried.push(device);
      if (device === 'cuda') throw new Error('libcudart.so.12: cannot open shared object file');
      return 'session';
    };
    const cudaPresent = () => undefined;
    assert.deepEqual(await openOnDevice('auto', memory, open, cudaPresent), { value: 'session', device: 'cpu' });
    assert.deepEqual(tried, ['cuda', 'cpu']);
    assert.ok(records.some((r) => /libcudart/.test(String(r['reason'])) && r['level'] === 40));
    await assert.rejects(openOnDevice('cuda', memory, open, cudaPresent), /libcudart/);
    assert.deepEqual(await openOnDevice('auto', memory, open, () => 'no CUDA here'), { value: 'session', device: 'cpu' });
    assert.ok(records.some((r) => r['reason'] === 'no CUDA here'));
  });

  describe('rejects a broken model directory, naming the offending path', () => {
    const rejectsNaming = (dir: string, offending: string) =>
      assert.rejects(
        createEncoder({ kind: 'hf', model: dir, device: 'cpu', cache: false }, logger),
        (error: unknown) => error instanceof Error && error.message.includes(offending),
      );

    test('missing directory', async () => {
      const dir = path.join(root, 'does-not-exist');
      await rejectsNaming(dir, dir);
    });

    test('missing ONNX model', async () => {
      const files = writeTinyBert(path.join(root, 'no-model'));
      fs.rmSync(files.modelPath);
      await rejectsNaming(files.dir, files.modelPath);
    });

    test('missing tokenizer.json', async () => {
      const files = writeTinyBert(path.join(root, 'no-tokenizer'));
      fs.rmSync(files.tokenizerPath);
      await rejectsNaming(files.dir, files.tokenizerPath);
    });

    test('corrupt tokenizer.json', async () => {
      const files = writeTinyBert(path.join(root, 'bad-tokenizer'));
      fs.writeFileSync(files.tokenizerPath, '{"model": {"type": "WordPiece",');
      await rejectsNaming(files.dir, files.tokenizerPath);
    });

    test('missing config.json', async () => {
      const files = writeTinyBert(path.join(root, 'no-config'));
      fs.rmSync(path.join(files.dir, 'config.json'));
      await rejectsNaming(files.dir, path.join(files.dir, 'config.json'));
    });

    test('truncated model.onnx', async () => {
      const files = writeTinyBert(path.join(root, 'bad-model'));
      const bytes = fs.readFileSync(files.modelPath);
      fs.writeFileSync(files.modelPath, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await rejectsNaming(files.dir, files.modelPath);
    });
  });
});

describe('PARLEY_ENCODER: an encoder chosen in one string', () => {
  test('short forms, hf:<dir> and JSON options; anything else is a clear error', async () => {
    assert.deepEqual(parseEncoderSetting('use-lite'), { kind: 'use-lite' });
    assert.deepEqual(parseEncoderSetting(' use-lite-int8 '), { kind: 'use-lite', precision: 'int8' });
    assert.deepEqual(parseEncoderSetting('hf:/models/bge-small-zh'), { kind: 'hf', model: '/models/bge-small-zh' });
    assert.deepEqual(parseEncoderSetting('{"kind":"hf","model":"/m","dtype":"q8","pooling":"cls"}'), {
      kind: 'hf',
      model: '/m',
      dtype: 'q8',
      pooling: 'cls',
    });
    assert.throws(() => parseEncoderSetting('bert'), /expected use-lite, use-lite-int8, hf:<model directory>/);
    assert.throws(() => parseEncoderSetting('hf:'), /expected/);
    assert.throws(() => parseEncoderSetting('{"kind":"hf"'), /not valid JSON/);
    assert.throws(() => parseEncoderSetting('{"kind":"hf","dtype":"int4","model":"/m"}'), /dtype/);
    assert.throws(() => parseEncoderSetting('{"kind":"hf"}'), /needs `model`/);
  });

  test('what it parses opens: the tiny model through hf:<dir>', async () => {
    const encoder = await createEncoder(
      { ...parseEncoderSetting(`hf:${model.dir}`), device: 'cpu', cache: false } as EncoderOptions,
      logger,
    );
    try {
      assert.equal(encoder.dim, TINY_BERT_HIDDEN);
    } finally {
      await encoder.close();
    }
  });
});
