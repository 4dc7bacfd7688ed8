import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EmbeddingCache } from '../src/encoder/embedding-cache.ts';
import { memoryLogger, silentLogger, tempDir } from './support/quiet.ts';

const vec = (...xs: number[]) => Float32Array.from(xs);

test('keys are encoder id + text, and the LRU evicts the least recently used', () => {
  const cache = new EmbeddingCache({ maxEntries: 2 }, silentLogger());
  cache.set('enc-a', 'hello', vec(1));
  cache.set('enc-b', 'hello', vec(2));
  assert.deepEqual(cache.get('enc-a', 'hello'), vec(1));
  assert.deepEqual(cache.get('enc-b', 'hello'), vec(2));
  cache.get('enc-a', 'hello'); // now enc-b/hello is the oldest
  cache.set('enc-a', 'world', vec(3));
  assert.equal(cache.size, 2);
  assert.equal(cache.get('enc-b', 'hello'), undefined);
  assert.deepEqual(cache.get('enc-a', 'world'), vec(3));
});

test('the persistent file round-trips every entry, texts with any characters included', async () => {
  const tmp = tempDir('cache');
  const file = path.join(tmp.dir, 'nested', 'embeddings.cache');
  const texts = ['', 'plain', 'emoji 😀', '中文', 'new\nline', 'nul\u0000inside'];
  const writer = new EmbeddingCache({ maxEntries: 100, file }, silentLogger());
  texts.forEach((t, i) => writer.set('enc', t, vec(i, i + 0.5, -i)));
  await writer.flush();
  const reader = new EmbeddingCache({ maxEntries: 100, file }, silentLogger());
  await reader.load();
  assert.equal(reader.size, texts.length);
  texts.forEach((t, i) => assert.deepEqual(reader.get('enc', t), vec(i, i + 0.5, -i)));
  tmp.remove();
});

test('flush writes atomically and only when something changed', async () => {
  const tmp = tempDir('cache');
  const file = path.join(tmp.dir, 'e.cache');
  const cache = new EmbeddingCache({ maxEntries: 10, file }, silentLogger());
  await cache.flush();
  assert.equal(existsSync(file), false, 'nothing to write yet');
  cache.set('enc', 'x', vec(1, 2));
  await cache.flush();
  const first = readFileSync(file);
  writeFileSync(file, 'sentinel');
  await cache.flush();
  assert.equal(readFileSync(file, 'utf8'), 'sentinel', 'unchanged cache is not rewritten');
  assert.ok(first.length > 0);
  tmp.remove();
});

test('a truncated or foreign cache file is ignored with a warning naming it', async () => {
  const tmp = tempDir('cache');
  const file = path.join(tmp.dir, 'e.cache');
  const good = new EmbeddingCache({ maxEntries: 10, file }, silentLogger());
  good.set('enc', 'abc', vec(1, 2, 3));
  good.set('enc', 'def', vec(4, 5, 6));
  await good.flush();
  const bytes = readFileSync(file);
  for (const damaged of [bytes.subarray(0, bytes.length - 5), Buffer.from('{"magic":"something-else"}\n'), Buffer.from('garbage')]) {
    writeFileSync(file, damaged);
    const { logger, records } = memoryLogger();
    const cache = new EmbeddingCache({ maxEntries: 10, file }, logger);
    await cache.load();
    assert.equal(cache.size, 0);
    assert.ok(
      records.some((r) => r['level'] === 40 && r['file'] === file),
      JSON.stringify(records),
    );
  }
  tmp.remove();
});

test('maxEntries must be a positive integer', () => {
  assert.throws(() => new EmbeddingCache({ maxEntries: 0 }, silentLogger()), RangeError);
});
