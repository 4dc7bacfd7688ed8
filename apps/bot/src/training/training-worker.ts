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
  type Classification,
  type Encoder,
  type EncoderOptions,
  type Example,
  type Model,
  type ModelArtifact,
} from '@parley/model';
import { pino, type Logger } from 'pino';
import type { BotConfig } from '../engine/bot-config.ts';
import { runBehaviour, summarizeBehaviour } from './behaviour.ts';
import { JobMeter, progressAt, SCORE_TEXT_COST } from './job-progress.ts';
import { modelTrainingSet } from './model-training-set.ts';
import { botModelChoice, deploymentModels } from '../models/model-choice.ts';
import type { BehaviourScores } from '@parley/protocol';
import { scoreModel } from './score-model.ts';
import { trainingRequestSchema, type TrainingRequest, type WorkerMessage } from './training-protocol.ts';

const send = (message: WorkerMessage): Promise<void> =>
  new Promise((resolve) => (process.send ? process.send(message, undefined, undefined, () => resolve()) : resolve()));

/** Log lines go to the server, which writes them to its own log. */
const ipcLogger = (): Logger => pino({ level: 'info' }, { write: (line: string) => void send({ type: 'log', line: line.trimEnd() }) });

async function openLive(artifact: ModelArtifact, encoder: Encoder, logger: Logger): Promise<Model> {
  if (artifact.encoder.id === encoder.id) return createModel(artifact, encoder);
  // A live model on another encoder (an older or different one) is scored with its own.
  const own = await createEncoder({ ...(artifact.encoder.options as EncoderOptions), worker: false } as EncoderOptions, logger);
  return createModel(artifact, own, { ownsEncoder: true });
}

/** Texts per classify() call while scoring: a progress update every fraction of a second. */
const SCORE_CHUNK = 128;

/** `model` classifying in chunks, telling `onTexts` after each how many more it classified. */
function metered(model: Model, onTexts: (count: number) => void): Model {
  return {
    artifact: model.artifact,
    encoder: model.encoder,
    close: () => model.close(),
    async classify(texts) {
      const out: Classification[] = [];
      for (let start = 0; start < texts.length; start += SCORE_CHUNK) {
        const part = texts.slice(start, start + SCORE_CHUNK);
        out.push(...(await model.classify(part)));
        onTexts(part.length);
      }
      return out;
    },
  };
}

/** The texts scoreAll() classifies with one model: what its progress is measured in. */
function scoredTexts(request: TrainingRequest): number {
  const sentiment = request.train.sentiment.length > 0 ? request.heldOut.sentiment.length : 0;
  return 2 * request.heldOut.intents.length + sentiment + backgroundProbe().length;
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

/** Everything the gate compares, of one model, each step's progress told to `meter` under `stage`. */
async function scoreAll(model: Model, version: string, request: TrainingRequest, meter: JobMeter, stage: 'evaluate' | 'evaluate-live') {
  const who = stage === 'evaluate' ? 'candidate' : 'live model';
  let step = { name: '', done: 0, total: 0 };
  const begin = (name: string, total: number) => {
    step = { name, done: 0, total };
    meter.scored(0, stage, `${who}: ${name} 0/${total}`);
  };
  const scored = metered(model, (count) => {
    step.done += count;
    meter.scored(count * SCORE_TEXT_COST, stage, `${who}: ${step.name} ${Math.min(step.done, step.total)}/${step.total}`);
  });
  begin('intents on held-out examples', request.heldOut.intents.length);
  const intent = await scoreModel(scored, version, request.heldOut.intents, 'intent');
  begin('sentiment on held-out examples', request.heldOut.sentiment.length);
  const sentiment = await headline(scored, version, request.heldOut.sentiment);
  const probe = backgroundProbe();
  begin('replies through the engine', request.heldOut.intents.length + probe.length);
  return { intent, sentiment, behaviour: await behaviour(scored, request.config, request.heldOut.intents) };
}

async function run(request: TrainingRequest, logger: Logger): Promise<WorkerMessage> {
  // The server shares these cores with customers: its replies come before a faster retrain.
  try {
    os.setPriority(10);
  } catch {
    // Not permitted here; training at normal priority still works.
  }
  const meter = new JobMeter(
    scoredTexts(request) * (request.live ? 2 : 1) * SCORE_TEXT_COST,
    (progress) => void send({ type: 'progress', progress }),
  );
  await send({ type: 'progress', progress: progressAt('starting', 0.5, 'loading the sentence encoder') });
  // The bot's choice of encoder and classifiers (its config), else the deployment's (PARLEY_ENCODER).
  const choice = botModelChoice(request.config, deploymentModels());
  const encoder = await createEncoder({ ...choice.encoder, worker: false, cache: request.cache } as EncoderOptions, logger);
  try {
    const liveArtifact = request.live && (await readArtifact(request.live.artifactDir));
    const trainingSet = modelTrainingSet(request.train, request.config.builtins, request.seed);
    const classifiers = choice.classifiers(trainingSet);
    const artifact = await train(
      trainingSet,
      {
        encoder,
        ...(classifiers && { classifiers }),
        outDir: request.outDir,
        seed: request.seed,
        logger,
        ...(request.warmStart && liveArtifact && { warmStart: liveArtifact }),
      },
      (progress) => meter.trained(progress),
    );
    const candidate = await createModel(artifact, encoder);
    let live: Model | null = null;
    try {
      const scored = await scoreAll(candidate, artifact.version, request, meter, 'evaluate');
      if (request.live) meter.scored(0, 'evaluate-live', 'loading the live model');
      live = liveArtifact && (await openLive(liveArtifact, encoder, logger));
      const liveScored = live && (await scoreAll(live, request.live!.version, request, meter, 'evaluate-live'));
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

// The IPC channel closes when the server or worker that forked us dies (kill -9 included): training on would be an
// orphan burning the cores for a result nobody can store, while the job is handed to another worker.
process.once('disconnect', () => process.exit(1));

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
