import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createEncoder, train, type EncoderOptions, type ProgressListener } from '@parley/model';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Json } from '../db/message.ts';
import { findBot } from '../db/bot-store.ts';
import { addModelVersion, promoteModelVersion } from '../db/model-version-store.ts';
import { parseBotConfig } from '../engine/bot-config.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { modelTrainingSet } from '../training/model-training-set.ts';
import { botModelChoice, deploymentModels } from '../models/model-choice.ts';
import { listTrainingExamples } from '../db/example-store.ts';
import { embeddingCache, scratchModelDir } from '../training/training-paths.ts';

export interface TrainedModel {
  version: string;
  artifactDir: string;
  trainMs: number;
}

/**
 * Trains a model on the bot's training examples, records it, promotes it and starts serving it. The artifact
 * goes to `<dataDir>/models/<botId>/<version>`; train() names the version only once it is done, so it writes to
 * a temporary sibling that is renamed (same directory, so the rename is atomic) and removed if anything fails.
 */
export async function trainBotModel(options: {
  db: Database;
  models: ModelRegistry;
  botId: string;
  dataDir: string;
  logger: Logger;
  seed?: number;
  onProgress?: ProgressListener | undefined;
}): Promise<TrainedModel> {
  const { db, models, botId, logger } = options;
  // Held-out 'test' examples are never trained on: they judge this model against later candidates.
  const [intents, sentiment, bot] = await Promise.all([
    listTrainingExamples(db, botId, 'intent', 'train'),
    listTrainingExamples(db, botId, 'sentiment', 'train'),
    findBot(db, botId),
  ]);
  if (!bot) throw new Error(`bot ${botId} does not exist`);
  const { botDir, scratch: tempDir } = await scratchModelDir(options.dataDir, botId);

  logger.info({ botId, intents: intents.length, sentiment: sentiment.length }, 'training a model');
  const started = performance.now();
  let lastStage = '';
  // The retraining jobs' embedding cache: the console's first retrain then embeds only what changed since.
  const config = parseBotConfig(bot.config);
  const choice = botModelChoice(config, deploymentModels());
  const encoder = await createEncoder({ ...choice.encoder, cache: embeddingCache(options.dataDir) } as EncoderOptions, logger);
  try {
    const trainingSet = modelTrainingSet({ intents, sentiment }, config.builtins, options.seed ?? 1);
    const classifiers = choice.classifiers(trainingSet);
    const artifact = await train(
      trainingSet,
      { encoder, outDir: tempDir, seed: options.seed ?? 1, logger, ...(classifiers && { classifiers }) },
      (progress) => {
        // One log line per stage; the listener sees every step.
        const stage = `${progress.task}/${progress.stage}`;
        if (stage !== lastStage) logger.debug({ botId, task: progress.task, stage: progress.stage }, 'training');
        lastStage = stage;
        options.onProgress?.(progress);
      },
    );
    const trainMs = Math.round(performance.now() - started);
    const artifactDir = path.join(botDir, artifact.version);
    await rename(tempDir, artifactDir);
    await addModelVersion(db, { botId, version: artifact.version, artifactDir, metrics: artifact.metrics as Json });
    await promoteModelVersion(db, { botId, version: artifact.version });
    await models.activate(botId, artifact.version, artifactDir);
    logger.info({ botId, version: artifact.version, trainMs, metrics: headline(artifact.metrics) }, 'model trained and live');
    return { version: artifact.version, artifactDir, trainMs };
  } finally {
    await encoder.close();
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** Validation accuracy per task, for the log line; the full report is stored with the model version. */
function headline(metrics: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(metrics).map(([task, report]) => {
      const r = report as { accuracy?: number; macroF1?: number };
      return [task, { accuracy: r.accuracy, macroF1: r.macroF1 }];
    }),
  );
}
