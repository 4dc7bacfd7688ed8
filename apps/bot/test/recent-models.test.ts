import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Model } from '@parley/model';
import { RecentModels } from '../src/models/recent-models.ts';
import { silentLogger } from './support/logger.ts';

/** Models that only record what happens to them: which directories were opened, and which models closed. */
function fakes(options: { failFirstOpenOf?: string } = {}) {
  const opened: string[] = [];
  const closed: string[] = [];
  const open = async (dir: string): Promise<Model> => {
    opened.push(dir);
    if (dir === options.failFirstOpenOf && opened.filter((d) => d === dir).length === 1) throw new Error(`cannot open ${dir}`);
    return {
      artifact: undefined as never,
      encoder: undefined as never,
      classify: async (texts) => texts.map(() => ({ language: 'en' })),
      close: async () => void closed.push(dir),
    };
  };
  return { opened, closed, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('keeps the most recently used models open, and closes the least recently used one beyond capacity', async () => {
  const { opened, closed, open } = fakes();
  const recent = new RecentModels(open, 2, silentLogger());
  for (const dir of ['a', 'b', 'a', 'c', 'a']) await recent.use(dir, async (model) => model.classify(['x']));
  await settle();
  assert.deepEqual(opened, ['a', 'b', 'c'], 'a stayed open throughout');
  assert.deepEqual(closed, ['b']);
  await recent.close();
  assert.deepEqual(closed.sort(), ['a', 'b', 'c']);
});

test('a model evicted while in use closes only when its call ends', async () => {
  const { closed, open } = fakes();
  const recent = new RecentModels(open, 1, silentLogger());
  let finish!: () => void;
  const slow = recent.use('a', () => new Promise<void>((resolve) => (finish = resolve)));
  await settle();
  await recent.use('b', async () => undefined);
  await settle();
  assert.deepEqual(closed, [], 'a is evicted but still classifying');
  finish();
  await slow;
  await settle();
  assert.deepEqual(closed, ['a']);
  await recent.close();
  assert.deepEqual(closed, ['a', 'b']);
});

test('a model that failed to open is not kept: the next call opens it again', async () => {
  const { opened, open } = fakes({ failFirstOpenOf: 'a' });
  const recent = new RecentModels(open, 2, silentLogger());
  await assert.rejects(
    recent.use('a', async () => undefined),
    /cannot open a/,
  );
  await recent.use('a', async () => undefined);
  assert.deepEqual(opened, ['a', 'a']);
  await recent.close();
});
