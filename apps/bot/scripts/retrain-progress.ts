/**
 * What an operator's progress bar does during a console retrain of the demo bot: every `training:progress` event
 * (seconds since the job started, fraction, stage, message) of a cold and a warm retrain, and the longest stall
 * (the most seconds the fraction did not move).
 *
 *   npx tsx scripts/retrain-progress.ts     (from apps/bot; prints the events and a summary; a diagnostic, not a benchmark)
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TrainingProgressEvent } from '@parley/protocol';
import { pino } from 'pino';
import { createApp } from '../src/app/create-app.ts';
import { findBot } from '../src/db/bot-store.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { ensureDemo } from '../src/demo/ensure-demo.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';
import { embeddingCache } from '../src/training/training-paths.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-progress-bench-'));
const logger = pino({ level: 'silent' });
const db = await openDatabase({ dataDir, logger });
const models = new ModelRegistry({ logger });
try {
  const demo = await ensureDemo({ db, models, dataDir, logger });
  const { ctx } = createApp({ db, logger, models, training: { dataDir } });
  const bot = (await findBot(db, demo.botId))!;
  let events: Array<{ at: number; event: TrainingProgressEvent }> = [];
  let finished: (() => void) | undefined;
  const publish = ctx.publisher.trainingProgress.bind(ctx.publisher);
  ctx.publisher.trainingProgress = (workspaceId, event) => {
    events.push({ at: performance.now(), event });
    if (event.status === 'succeeded' || event.status === 'failed') finished?.();
    publish(workspaceId, event);
  };

  const retrain = async (label: string) => {
    events = [];
    const done = new Promise<void>((resolve) => (finished = resolve));
    const started = performance.now();
    await ctx.training.start(bot, null);
    await done;
    let stall = { seconds: 0, at: 0, stage: '' };
    let movedAt = started;
    let last = -1;
    console.log(`\n${label}`);
    for (const { at, event } of events) {
      const seconds = (at - started) / 1000;
      console.log(
        `${seconds.toFixed(2).padStart(7)}s ${(event.fraction * 100).toFixed(1).padStart(5)}%  ${event.stage}  ${event.message ?? ''}`,
      );
      if (event.fraction !== last) {
        const gap = (at - movedAt) / 1000;
        if (gap > stall.seconds) stall = { seconds: gap, at: (movedAt - started) / 1000, stage: event.stage };
        movedAt = at;
        last = event.fraction;
      }
    }
    const total = (events.at(-1)!.at - started) / 1000;
    console.log(
      `${label}: ${total.toFixed(1)} s, ${events.length} events, status ${events.at(-1)!.event.status}; longest stall ${stall.seconds.toFixed(1)} s from ${stall.at.toFixed(1)} s (until ${stall.stage})`,
    );
  };

  await rm(embeddingCache(dataDir).file, { force: true });
  await retrain('retrain, embedding cache cold');
  await retrain('retrain, embedding cache warm');
  await ctx.training.close();
} finally {
  await models.close();
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
}
