/**
 * The training child process: receives one TrainingRequest over IPC, trains the candidate into `outDir`, scores it
 * and the live model on the held-out examples (and runs both through the engine, the out-of-scope probe included),
 * reports the result and exits. It never opens the database (PGlite belongs to the server process); everything it
 * needs arrives in the request.
 */
import os from 'node:os';
import {
  backgroundProbe,
  createEncoder,
  createModel,
  readArtifact,
  train,
  type Encoder,
  type EncoderOptions,
  type Example,
  type Model,
} from '@parley/model';
import { pino, type Logger } from 'pino';
import type { BotConfig } from '../engine/bot-config.ts';
import { runBehaviour, summarizeBehaviour } from './behaviour.ts';
import { fromTrainProgress, progressAt } from './job-progress.ts';
import { modelTrainingSet } from './model-training-set.ts';
import type { BehaviourScores } from './scores.ts';
import { scoreModel } from './score-model.ts';
import { trainingRequestSchema, type TrainingRequest, type WorkerMessage } from './training-protocol.ts';

const send = (message: WorkerMessage): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(message, undefined, undefined, () => resolve()) : resolve()));

/** Log lines go to the server, which writes them to its own log. */
const ipcLogger = (): Logger => pino({ level: 'info' }, { write: (line: string) => void send({ type: 'log', line: line.trimEnd() }) });

async function openLive(artifactDir: string, encoder: Encoder, logger: Logger): Promise<Model> {
  const artifact = await readArtifact(artifactDir);
  if (artifact.encoder.id === encoder.id) return createModel(artifact, encoder);
  // A live model on another encoder (an older or different one) is scored with its own.
  const own = await createEncoder({ ...(artifact.encoder.options as EncoderOptions), worker: false } as EncoderOptions, logger);
  return createModel(artifact, own, { ownsEncoder: true });
}

async function headline(model: Model, version: string, examples: Example[]) {
  if (examples.length === 0 || !model.artifact.tasks.sentiment) return null;
  const { accuracy, macroF1 } = await scoreModel(model, version, examples, 'sentiment');
  return { accuracy, macroF1, examples: examples.length };
}

/**
 * What customers would get from `model`: the held-out messages (in scope, and any `oos` ones) and the built-in
 * out-of-scope probe, each run through the engine as a first message.
 */
async function behaviour(model: Model, config: BotConfig, heldOut: Example[]): Promise<BehaviourScores> {
  return summarizeBehaviour(await runBehaviour(model, config, [...heldOut, ...backgroundProbe()]));
}

/** Everything the gate compares, of one model. */
async function scoreAll(model: Model, version: string, request: TrainingRequest) {
  return {
    intent: await scoreModel(model, version, request.heldOut.intents, 'intent'),
    sentiment: await headline(model, version, request.heldOut.sentiment),
    behaviour: await behaviour(model, request.config, request.heldOut.intents),
  };
}

async function run(request: TrainingRequest, logger: Logger): Promise<WorkerMessage> {
  // The server shares these cores with customers: its replies come before a faster retrain.
  try {
    os.setPriority(10);
  } catch {
    // Not permitted here; training at normal priority still works.
  }
  const encoder = await createEncoder({ kind: 'use-lite', worker: false, cache: request.cache }, logger);
  try {
    const artifact = await train(
      modelTrainingSet(request.train, request.config.builtins, request.seed),
      { encoder, outDir: request.outDir, seed: request.seed, logger },
      (progress) => void send({ type: 'progress', progress: fromTrainProgress(progress) }),
    );
    await send({ type: 'progress', progress: progressAt('evaluate', 0, 'scoring the candidate on the held-out examples') });
    const candidate = await createModel(artifact, encoder);
    const live = request.live && (await openLive(request.live.artifactDir, encoder, logger));
    try {
      const scored = await scoreAll(candidate, artifact.version, request);
      await send({ type: 'progress', progress: progressAt('evaluate', 0.5, 'scoring the live model on the same examples') });
      const liveScored = live && (await scoreAll(live, request.live!.version, request));
      await send({ type: 'progress', progress: progressAt('evaluate', 1) });
      return {
        type: 'done',
        version: artifact.version,
        metrics: artifact.metrics,
        scores: {
          intent: { candidate: scored.intent, live: liveScored?.intent ?? null },
          sentiment: scored.sentiment && { candidate: scored.sentiment, live: liveScored?.sentiment ?? null },
          behaviour: { candidate: scored.behaviour, live: liveScored?.behaviour ?? null },
        },
        embedding: { encodedTexts: encoder.stats().encodedTexts, cacheHits: encoder.stats().cacheHits },
      };
    } finally {
      await candidate.close();
      await live?.close();
    }
  } finally {
    // Closing flushes the embedding cache to its file.
    await encoder.close();
  }
}

process.once('message', (raw: unknown) => {
  const logger = ipcLogger();
  void (async () => {
    let outcome: WorkerMessage;
    try {
      outcome = await run(trainingRequestSchema.parse(raw), logger);
    } catch (error) {
      outcome = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    await send(outcome);
    process.exit(outcome.type === 'done' ? 0 : 1);
  })();
});
