import { createEncoder } from '../encoder/create-encoder.ts';
import type { Encoder } from '../encoder/encoder-types.ts';
import { defaultLogger, type Logger } from '../runtime/logger.ts';
import type { Model } from './api-types.ts';
import type { ClassifierBackend, ModelArtifact, TaskModel } from './artifact-schema.ts';
import type { HfClassifier } from './hf/hf-classifier.ts';
import type { Device } from '../encoder/encoder-types.ts';
import { readArtifact } from './artifact-store.ts';
import { detectLanguage } from './features/script.ts';
import { HeadRuntime } from './head-runtime.ts';
import { intentPrediction, sentimentPrediction } from './predictions.ts';
import { routeFor } from './route-choice.ts';
import type { Classification, Language, TaskName } from './types.ts';

type TaskHeads = { task: TaskName; model: TaskModel; heads: Partial<Record<Language, HeadRuntime>> };
type TaskClassifier = { task: TaskName; model: TaskModel; classifier: HfClassifier };

/** Reopens a task's Hugging Face classifier, refusing one whose weights are not those the artifact was made with. */
async function openTaskClassifier(
  artifact: ModelArtifact,
  task: TaskName,
  backend: ClassifierBackend,
  options: ModelOptions,
): Promise<HfClassifier> {
  // Loaded on demand: only models with such a task need transformers.js.
  const { openHfClassifier } = await import('./hf/hf-classifier.ts');
  const classifier = await openHfClassifier({ ...backend.classifier, ...options.classifierRuntime }, options.logger);
  if (classifier.id !== backend.id) {
    await classifier.close();
    throw new Error(
      `model ${artifact.version}'s ${task} classifier was ${backend.id}, but ${backend.classifier.model} is now ${classifier.id}`,
    );
  }
  return classifier;
}

export interface ModelOptions {
  ownsEncoder?: boolean;
  /** Where tasks served by a Hugging Face classifier run (default: device auto, all cores). */
  classifierRuntime?: { device?: Device; threads?: number; spinning?: boolean };
  logger?: Logger;
}

/** Binds an artifact to an open encoder; the encoder must be the one the model was trained on. */
export async function createModel(artifact: ModelArtifact, encoder: Encoder, options: ModelOptions = {}): Promise<Model> {
  if (encoder.id !== artifact.encoder.id) {
    throw new Error(`model ${artifact.version} was trained on encoder ${artifact.encoder.id}, but the encoder given is ${encoder.id}`);
  }
  const tasks: TaskHeads[] = [];
  const classifiers: TaskClassifier[] = [];
  const closeAll = async () => {
    for (const { heads } of tasks) for (const head of Object.values(heads)) await head.close();
    for (const { classifier } of classifiers) await classifier.close();
  };
  for (const task of ['intent', 'sentiment'] as const) {
    const model = artifact.tasks[task];
    if (!model) continue;
    if (model.backend) {
      try {
        classifiers.push({ task, model, classifier: await openTaskClassifier(artifact, task, model.backend, options) });
      } catch (error) {
        await closeAll();
        throw error;
      }
      continue;
    }
    const heads: TaskHeads['heads'] = {};
    for (const language of ['en', 'zh'] as const) {
      const route = model.routes[language];
      if (route) heads[language] = await HeadRuntime.open(route, artifact.encoder.dim);
    }
    tasks.push({ task, model, heads });
  }

  return {
    artifact,
    encoder,
    async classify(texts: readonly string[]): Promise<Classification[]> {
      if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw new TypeError('classify() expects an array of strings');
      const languages = texts.map(detectLanguage);
      const out: Classification[] = languages.map((language) => ({ language }));
      // Embed once for every head that reads embeddings.
      const needs = new Set<number>();
      for (const { model, heads } of tasks) {
        languages.forEach((lang, i) => heads[routeFor(model, lang)]?.route.embedding && needs.add(i));
      }
      const embedded = await encoder.embed([...needs].map((i) => texts[i]!));
      const embeddings: Array<Float32Array | undefined> = new Array(texts.length);
      [...needs].forEach((i, k) => (embeddings[i] = embedded[k]));

      for (const { task, model, heads } of tasks) {
        for (const language of ['en', 'zh'] as const) {
          const head = heads[language];
          if (!head) continue;
          const rows = languages.flatMap((lang, i) => (routeFor(model, lang) === language ? [i] : []));
          if (rows.length === 0) continue;
          const probabilities = await head.probabilities(
            rows.map((i) => texts[i]!),
            rows.map((i) => embeddings[i]),
          );
          const width = head.route.labels.length;
          rows.forEach((row, k) => {
            const p = probabilities.subarray(k * width, (k + 1) * width);
            if (task === 'intent') out[row]!.intent = intentPrediction(model, head.route.labels, p);
            else out[row]!.sentiment = sentimentPrediction(head.route.labels, p);
          });
        }
      }
      for (const { task, model, classifier } of classifiers) {
        const probabilities = await classifier.probabilities(texts);
        probabilities.forEach((p, row) => {
          if (task === 'intent') out[row]!.intent = intentPrediction(model, classifier.labels, p);
          else out[row]!.sentiment = sentimentPrediction(classifier.labels, p);
        });
      }
      return out;
    },
    async close() {
      await closeAll();
      if (options.ownsEncoder) await encoder.close();
    },
  };
}

/** Opens a saved model directory, with a new encoder unless one is given. */
export async function loadModel(dir: string, options: { encoder?: Encoder; logger?: Logger } = {}): Promise<Model> {
  const artifact = await readArtifact(dir);
  const encoder = options.encoder ?? (await createEncoder(artifact.encoder.options, options.logger ?? defaultLogger()));
  try {
    return await createModel(artifact, encoder, { ownsEncoder: !options.encoder, ...(options.logger && { logger: options.logger }) });
  } catch (error) {
    if (!options.encoder) await encoder.close();
    throw new Error(`${dir}: ${(error as Error).message}`, { cause: error });
  }
}
