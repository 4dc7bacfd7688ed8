import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TrainProgress } from '@parley/model';
import { JOB_STAGES, JobMeter, progressAt } from '../src/training/job-progress.ts';
import type { JobProgress } from '../src/training/training-protocol.ts';

/** What train() reports for two tasks of two routes each, cross-fitted, with per-fit epochs restarting at 1. */
function trainRun(): TrainProgress[] {
  const steps: Array<[Omit<TrainProgress, 'overall'>, number]> = [];
  const at = (progress: Omit<TrainProgress, 'overall'>, cost: number) => steps.push([progress, cost]);
  at({ task: 'all', stage: 'validate', done: 1, total: 1 }, 100);
  for (let i = 1; i <= 8; i++) at({ task: 'all', stage: 'embed', done: i * 128, total: 1024 }, 250);
  for (const task of ['intent', 'sentiment'] as const) {
    for (const route of ['en', 'zh'] as const) {
      for (let fit = 1; fit <= 4; fit++) {
        // Early stopping: each fit runs a few epochs, and the next starts again at epoch 1.
        for (let epoch = 1; epoch <= 5 + fit; epoch++)
          at({ task, stage: 'train', done: epoch, total: 40, route, fit, fits: 4, message: `${route} head` }, 8);
      }
    }
    at({ task, stage: 'calibrate', done: 0, total: 1 }, 50);
    at({ task, stage: 'evaluate', done: 1, total: 1 }, 50);
  }
  at({ task: 'all', stage: 'save', done: 1, total: 1 }, 300);
  const total = steps.reduce((sum, [, cost]) => sum + cost, 0);
  let done = 0;
  return [
    { task: 'all', stage: 'validate', done: 0, total: 1 },
    ...steps.map(([progress, cost]) => ({ ...progress, overall: { done: (done += cost), total } })),
  ];
}

/** A whole job as the server and the training process report it, scoring a candidate and a live model. */
function jobRun(): JobProgress[] {
  const out: JobProgress[] = [progressAt('queued', 0), progressAt('starting', 0, 'reading the examples')];
  const meter = new JobMeter(2 * 450, (progress) => out.push(progress));
  for (const progress of trainRun()) meter.trained(progress);
  for (const stage of ['evaluate', 'evaluate-live'] as const) {
    meter.scored(0, stage, `${stage}: start`);
    for (let i = 0; i < 9; i++) meter.scored(50, stage, `${stage}: ${i + 1}/9`);
  }
  out.push(progressAt('store', 0, 'storing the candidate'), progressAt('done', 1));
  return out;
}

describe('job progress', () => {
  const run = jobRun();

  test('never goes back, across route and fit restarts, and reaches 1 only at the end', () => {
    const fractions = run.map((p) => p.fraction);
    fractions.forEach((f, i) => i === 0 || assert.ok(f >= fractions[i - 1]!, `update ${i} goes back: ${fractions[i - 1]} → ${f}`));
    assert.equal(fractions.at(-1), 1);
    assert.ok(fractions.slice(0, -1).every((f) => f < 1));
  });

  test('moves with the work: no step jumps more than the work it stands for', () => {
    const gaps = run.slice(1).map((p, i) => p.fraction - run[i]!.fraction);
    // The biggest steps stand for the final save (300 of 4,460 units) and for storing the candidate (the last 2%).
    assert.ok(Math.max(...gaps) < 0.07, `largest step ${Math.max(...gaps)}`);
    // Training (3,560 units) and scoring (900) share the bar between starting (2%) and storing (98%) by their cost.
    const trained = run.findLast((p) => p.stage === 'save')!.fraction;
    assert.ok(Math.abs(trained - (0.02 + (0.96 * 3560) / 4460)) < 1e-9, `training ends at ${trained}`);
  });

  test('every update has a known stage and says which step runs', () => {
    for (const p of run) assert.ok((JOB_STAGES as readonly string[]).includes(p.stage), p.stage);
    for (const p of run.slice(1, -1)) assert.ok(p.message, JSON.stringify(p));
    const messages = run.map((p) => p.message);
    assert.ok(messages.includes('English intents, fit 2/4: epoch 3/40'), messages.join('\n'));
    assert.ok(messages.includes('Chinese sentiment, fit 4/4: epoch 9/40'));
  });

  test('before train() has planned its work the bar stays at the start of training', () => {
    const out: JobProgress[] = [];
    const meter = new JobMeter(100, (progress) => out.push(progress));
    meter.trained({ task: 'all', stage: 'validate', done: 0, total: 1 });
    assert.deepEqual(out, [{ stage: 'validate', fraction: progressAt('starting', 1).fraction, message: 'checking labels and duplicates' }]);
  });
});
