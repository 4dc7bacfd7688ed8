import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MicroBatcher } from '../src/encoder/micro-batcher.ts';

function recordingRun(delayMs = 5) {
  const batches: number[][] = [];
  const run = async (items: number[]): Promise<number[]> => {
    batches.push(items);
    await sleep(delayMs);
    return items.map((x) => x * 10);
  };
  return { batches, run };
}

test('calls made in the same tick share one run, and each caller gets its own results in order', async () => {
  const { batches, run } = recordingRun();
  const batcher = new MicroBatcher(run, { maxBatchSize: 64, maxWaitMs: 0 });
  const results = await Promise.all([batcher.submit([1, 2]), batcher.submit([3]), batcher.submit([4, 5, 6])]);
  assert.deepEqual(results, [[10, 20], [30], [40, 50, 60]]);
  assert.deepEqual(batches, [[1, 2, 3, 4, 5, 6]]);
});

test('calls arriving while a batch runs are merged into the next batch', async () => {
  const { batches, run } = recordingRun(20);
  const batcher = new MicroBatcher(run, { maxBatchSize: 64, maxWaitMs: 0 });
  const first = batcher.submit([1]);
  await sleep(2); // the first batch is now running
  const later = Array.from({ length: 10 }, (_, i) => batcher.submit([100 + i]));
  await Promise.all([first, ...later]);
  assert.equal(batches.length, 2);
  assert.deepEqual(
    batches[1],
    Array.from({ length: 10 }, (_, i) => 100 + i),
  );
});

test('a lone call on an idle batcher runs as its own batch without waiting for a timer', async () => {
  const { batches, run } = recordingRun(0);
  const batcher = new MicroBatcher(run, { maxBatchSize: 8, maxWaitMs: 0 });
  assert.deepEqual(await batcher.submit([7]), [70]);
  assert.deepEqual(batches, [[7]]);
});

test('maxWaitMs holds an idle batcher so calls a few milliseconds apart coalesce', async () => {
  const { batches, run } = recordingRun(0);
  const batcher = new MicroBatcher(run, { maxBatchSize: 8, maxWaitMs: 30 });
  const a = batcher.submit([1]);
  await sleep(5);
  const b = batcher.submit([2]);
  await Promise.all([a, b]);
  assert.deepEqual(batches, [[1, 2]]);
});

test('batches never exceed maxBatchSize', async () => {
  const { batches, run } = recordingRun(1);
  const batcher = new MicroBatcher(run, { maxBatchSize: 4, maxWaitMs: 0 });
  const out = await batcher.submit(Array.from({ length: 10 }, (_, i) => i));
  assert.deepEqual(
    out,
    Array.from({ length: 10 }, (_, i) => i * 10),
  );
  assert.deepEqual(
    batches.map((b) => b.length),
    [4, 4, 2],
  );
});

test('a failing batch rejects only its own callers; the batcher keeps serving', async () => {
  let calls = 0;
  const batcher = new MicroBatcher(
    async (items: number[]) => {
      calls++;
      if (items.includes(13)) throw new Error('unlucky');
      return items;
    },
    { maxBatchSize: 1, maxWaitMs: 0 },
  );
  const [bad, good] = await Promise.allSettled([batcher.submit([13]), batcher.submit([14])]);
  assert.equal(bad.status, 'rejected');
  assert.match(String((bad as PromiseRejectedResult).reason), /unlucky/);
  assert.deepEqual(good, { status: 'fulfilled', value: [14] });
  assert.equal(calls, 2);
});

test('a run that returns the wrong number of results is an error, not a silent mismatch', async () => {
  const batcher = new MicroBatcher(async (items: number[]) => items.slice(1), { maxBatchSize: 8, maxWaitMs: 0 });
  await assert.rejects(batcher.submit([1, 2]), /2 inputs/);
});

test('close rejects queued items and refuses new ones', async () => {
  const { run } = recordingRun(20);
  const batcher = new MicroBatcher(run, { maxBatchSize: 1, maxWaitMs: 0 });
  const running = batcher.submit([1]);
  await sleep(2);
  const queued = assert.rejects(batcher.submit([2]), /closed/);
  batcher.close();
  assert.deepEqual(await running, [10]);
  await queued;
  await assert.rejects(batcher.submit([3]), /closed/);
});

test('bad options are refused', () => {
  const run = async (items: number[]) => items;
  assert.throws(() => new MicroBatcher(run, { maxBatchSize: 0, maxWaitMs: 0 }), RangeError);
  assert.throws(() => new MicroBatcher(run, { maxBatchSize: 2, maxWaitMs: -1 }), RangeError);
});

test('maxInFlight 2 starts a second batch while the first runs, and no more', async () => {
  let inFlight = 0;
  let peak = 0;
  const batcher = new MicroBatcher(
    async (items: number[]) => {
      peak = Math.max(peak, ++inFlight);
      await sleep(10);
      inFlight--;
      return items;
    },
    { maxBatchSize: 2, maxWaitMs: 0, maxInFlight: 2 },
  );
  const out = await batcher.submit([1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(out, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(peak, 2);
});

test('with maxInFlight 2, a lone call arriving during a run still waits to join the next batch', async () => {
  const { batches, run } = recordingRun(15);
  const batcher = new MicroBatcher(run, { maxBatchSize: 8, maxWaitMs: 0, maxInFlight: 2 });
  const first = batcher.submit([1]);
  await sleep(2);
  const late = [batcher.submit([2]), batcher.submit([3])];
  await Promise.all([first, ...late]);
  assert.deepEqual(batches, [[1], [2, 3]]);
});
