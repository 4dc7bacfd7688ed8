import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNK_SIZE, chunkText } from '../src/knowledge/chunk-text.ts';
import { extractiveAnswer } from '../src/knowledge/extractive-answer.ts';
import type { KnowledgePassage } from '../src/knowledge/knowledge-passage.ts';
import { reciprocalRankFusion } from '../src/knowledge/reciprocal-rank-fusion.ts';
import { bigramTerms } from '../src/knowledge/bigram-terms.ts';
import { Bm25Index } from '../src/knowledge/bm25-index.ts';
import { topK } from '../src/knowledge/top-k.ts';

const sentence = (i: number) => `Sentence number ${i} explains one more detail about the returns policy of the shop.`;

test('long English text is cut into overlapping chunks under the size, on sentence ends', async () => {
  const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(' ');
  const chunks = await chunkText(text, 'text/plain');
  assert.ok(chunks.length >= 8, `${chunks.length} chunks`);
  for (const chunk of chunks) {
    assert.ok(chunk.text.length <= CHUNK_SIZE, `${chunk.text.length}`);
    assert.equal(chunk.language, 'en');
    assert.match(chunk.text, /\.$/);
  }
  // Overlap: consecutive chunks share a sentence.
  const shared = chunks
    .slice(1)
    .filter((chunk, i) => chunk.text.split('. ')[0]!.length > 0 && chunks[i]!.text.includes(chunk.text.split('. ')[0]!));
  assert.ok(shared.length > 0);
});

test('Markdown is split on its headings before anything else', async () => {
  const section = (name: string) => `## ${name}\n\n${Array.from({ length: 3 }, (_, i) => sentence(i)).join(' ')}`;
  const chunks = await chunkText(['# Help', section('Returns'), section('Shipping'), section('Payment')].join('\n\n'), 'text/markdown');
  assert.ok(chunks.some((chunk) => chunk.text.startsWith('## Shipping')));
  assert.ok(chunks.every((chunk) => (chunk.text.match(/^## /gm) ?? []).length <= 1));
});

test('every chunk of a long section opens with its heading, and no chunk is a lone heading', async () => {
  const long = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
  const text = [
    '# Warranty',
    '## How long the warranty lasts',
    long,
    '## What it covers',
    'Faults in materials.',
    '```',
    '# not a heading',
    '```',
  ].join('\n\n');
  const chunks = await chunkText(text, 'text/markdown');
  const lasts = chunks.filter((chunk) => chunk.text.startsWith('## How long the warranty lasts\n'));
  assert.ok(lasts.length >= 2, 'the long section is cut into several chunks');
  assert.ok(
    chunks.every((chunk) => chunk.text.split('\n').some((line) => line.trim() !== '' && !/^#{1,6}\s/.test(line))),
    'a lone heading',
  );
  assert.ok(chunks.every((chunk) => chunk.text.length <= CHUNK_SIZE + 40));
  const covers = chunks.find((chunk) => chunk.text.startsWith('## What it covers'))!;
  assert.match(covers.text, /# not a heading/);
  assert.ok(!chunks.some((chunk) => chunk.text.startsWith('# Warranty')), 'a title with no text of its own is no chunk');
});

test('Chinese text is split on its punctuation and tagged zh', async () => {
  const text = Array.from({ length: 30 }, (_, i) => `第${i}条：商品签收后三十天内可以申请退货，退款退回原支付方式。`).join('');
  const chunks = await chunkText(text, 'text/plain');
  assert.ok(chunks.length > 2);
  for (const chunk of chunks) {
    assert.equal(chunk.language, 'zh');
    assert.match(chunk.text, /[。，]$/);
    // Han characters count double, so Chinese chunks hold about half as many characters.
    assert.ok(chunk.text.length < CHUNK_SIZE * 0.6, `${chunk.text.length}`);
  }
});

test('reciprocal rank fusion adds weighted 1/(k + rank) and ranks agreement first', () => {
  const fused = reciprocalRankFusion(
    [
      { ids: ['a', 'b', 'c'], weight: 1 },
      { ids: ['b', 'c', 'd'], weight: 1 },
      { ids: ['a'], weight: 0 },
    ],
    60,
  );
  assert.deepEqual(
    fused.map((f) => f.id),
    ['b', 'c', 'a', 'd'],
  );
  assert.equal(fused[0]!.score, 1 / 62 + 1 / 61);
  assert.equal(fused.find((f) => f.id === 'a')!.score, 1 / 61);
});

test('top-k keeps the best indexes in order and honours the filter', () => {
  const scores = Float32Array.from([0.1, 0.9, 0.5, 0.7, 0.3]);
  assert.deepEqual(topK(scores, 3), [1, 3, 2]);
  assert.deepEqual(
    topK(scores, 2, (i) => i !== 1),
    [3, 2],
  );
  assert.deepEqual(topK(scores, 10).length, 5);
});

test('BM25 over bigram and English terms', () => {
  assert.deepEqual(bigramTerms('退款 iPhone保修'), ['退款', '保修', 'iphone']);
  assert.deepEqual(bigramTerms('好'), ['好']);
  const index = new Bm25Index(
    ['退款会在五个工作日内退回', undefined, '运费四点九五欧元，满五十欧元免运费'].map((t) =>
      t === undefined ? undefined : bigramTerms(t),
    ),
  );
  const [best, ...rest] = index.search(bigramTerms('免运费要多少钱'), 5);
  assert.equal(best!.index, 2);
  assert.equal(rest.length, 0);
  assert.ok(best!.coverage > 0 && best!.coverage < 1);
  assert.equal(index.size, 2);
  // Rarer terms weigh more: 'refund' (in one text) beats 'order' (in all three).
  const english = new Bm25Index([
    ['order', 'ship'],
    ['order', 'refund'],
    ['order', 'cancel'],
  ]);
  assert.deepEqual(
    english.search(['order', 'refund'], 3).map((hit) => hit.index),
    [1, 0, 2],
  );
  assert.equal(english.search(['order', 'refund'], 3)[0]!.coverage, 1);
});

const passage = (text: string, language: 'en' | 'zh', confidence: number): KnowledgePassage => ({
  chunkId: 1,
  documentId: 'doc',
  title: 'Help',
  url: 'https://help.example.com',
  text,
  language,
  score: 0.03,
  confidence,
  dense: null,
  lexical: null,
});

test('the extractive answer keeps whole sentences and drops a leading fragment', () => {
  const text =
    'the label in the box. Refunds take five days. They go back to your card. ' +
    'If you paid by gift card, the refund becomes store credit that never expires and can be used online or in any shop.';
  const answer = extractiveAnswer([passage(text, 'en', 0.8)], { maxChars: 60 });
  assert.equal(answer!.text, 'Refunds take five days. They go back to your card.');
  assert.deepEqual(answer!.source, { documentId: 'doc', chunkId: 1, title: 'Help', url: 'https://help.example.com' });
  const zh = extractiveAnswer(
    [passage('退款五天内到账。退回原支付方式！礼品卡支付的订单退为购物余额，余额永久有效，可以在网店和门店使用。', 'zh', 0.8)],
    {
      maxChars: 40,
    },
  );
  assert.equal(zh!.text, '退款五天内到账。退回原支付方式！');
  const markdown = extractiveAnswer([passage('## Refunds\nRefunds take five days.', 'en', 0.9)]);
  assert.equal(markdown!.text, 'Refunds take five days.');
});

test('the extractive answer is null below the threshold of the passage language, or with no passage', () => {
  assert.equal(extractiveAnswer([passage('Too weak.', 'en', 0.2)], { threshold: { en: 0.3, zh: 0.1 } }), null);
  assert.ok(extractiveAnswer([passage('Strong enough.', 'en', 0.31)], { threshold: { en: 0.3, zh: 0.9 } }));
  assert.equal(extractiveAnswer([passage('太弱了。', 'zh', 0.5)], { threshold: { en: 0.1, zh: 0.6 } }), null);
  assert.equal(extractiveAnswer([]), null);
});
