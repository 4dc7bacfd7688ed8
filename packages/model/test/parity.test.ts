import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '../src/index.ts';
import { paritySentences } from './fixtures/parity-sentences.ts';
import { cosine, loadReferenceUse, type ReferenceUse } from './support/reference-use.ts';
import { silentLogger, tempDir } from './support/quiet.ts';

const cacheDir = tempDir('parity');
let reference: ReferenceUse;
let encoder: Encoder;

before(async () => {
  reference = await loadReferenceUse();
  encoder = await createEncoder({ kind: 'use-lite', cacheDir: cacheDir.dir, device: 'cpu', cache: false }, silentLogger());
});
after(async () => {
  await encoder.close();
  cacheDir.remove();
});

test('the parity set is varied and large enough', () => {
  assert.ok(paritySentences.length >= 200, `only ${paritySentences.length} sentences`);
  assert.ok(paritySentences.includes(''));
  assert.ok(
    paritySentences.some((s) => reference.tokenize(s).length > encoder.maxTokens),
    'needs text past the length limit',
  );
});

test('tokenizer ids equal the reference tokenizer on every parity sentence (before truncation)', async () => {
  const { SentencePieceUnigramTokenizer } = await import('../src/index.ts');
  const { loadUseVocabulary, packagedUseLiteModelJson } = await import('../src/encoder/use-lite/use-lite-source.ts');
  const ours = new SentencePieceUnigramTokenizer(await loadUseVocabulary(packagedUseLiteModelJson()));
  for (const text of paritySentences) {
    const expected = reference.tokenize(text);
    assert.deepEqual(ours.encode(text), expected, JSON.stringify(text));
    assert.deepEqual(ours.encode(text, 128), expected.slice(0, 128), `truncated: ${JSON.stringify(text).slice(0, 40)}`);
  }
});

test('every ONNX embedding matches TF.js with cosine ≥ 0.9999, in one batch and one at a time', async () => {
  const expected = await reference.embed(paritySentences);
  const batched = await encoder.embed(paritySentences);
  const single = await Promise.all(paritySentences.map(async (s) => (await encoder.embed([s]))[0]!));
  let worst = { cos: 1, text: '' };
  paritySentences.forEach((text, i) => {
    for (const got of [batched[i]!, single[i]!]) {
      assert.equal(got.length, 512);
      const c = cosine(got, expected[i]!);
      if (c < worst.cos) worst = { cos: c, text };
    }
  });
  assert.ok(worst.cos >= 0.9999, `worst cosine ${worst.cos} for ${JSON.stringify(worst.text).slice(0, 80)}`);
});
