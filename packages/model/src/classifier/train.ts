import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { checkDataset } from '../data/check-dataset.ts';
import { createEncoder, encoderOptionsSchema } from '../encoder/create-encoder.ts';
import type { Encoder } from '../encoder/encoder-types.ts';
import { defaultLogger } from '../runtime/logger.ts';
import type { ProgressListener, TrainData, TrainOptions, TrainProgress } from './api-types.ts';
import { modelArtifactSchema, type ModelArtifact, type TaskModel } from './artifact-schema.ts';
import { saveArtifact } from './artifact-store.ts';
import { detectLanguage } from './features/script.ts';
import { computeMetrics } from './metrics.ts';
import { isOutOfScope, ranked } from './predictions.ts';
import { routeFor } from './route-choice.ts';
import { tuneOosThreshold } from './training/oos-threshold.ts';
import { perturb } from './training/perturb.ts';
import { stratifiedSplit } from './training/stratified-split.ts';
import { crossFits, ROUTE_RECIPES, routeCost, trainRoute, TYPICAL_EPOCHS, type HeadKind, type RouteData } from './training/train-route.ts';
import type { EvaluationReport, Example, Language, TaskName } from './types.ts';

const require = createRequire(import.meta.url);
const PACKAGE_VERSION = (require('../../package.json') as { version: string }).version;
const TASK_KEYS: Record<TaskName, keyof TrainData> = { intent: 'intents', sentiment: 'sentiment' };
const VALIDATION_FRACTION = 0.1;
/** A route with fewer examples than this borrows the other route's head instead of training its own. */
const MIN_ROUTE_EXAMPLES = 8;
const DEFAULT_OOS_LABEL = 'oos';
/**
 * What train()'s steps outside a head's fits cost, in cost units (about a millisecond of one core; see routeCost):
 * checking the data, embedding a text the encoder has not cached, calibrating and scoring a held-out example, saving.
 */
const COST = { validate: 100, embedText: 1.3, heldOut: 0.3, save: 300 };
/** Texts per embed() call: a progress update between calls, a couple of seconds apart at most on a cold cache. */
const EMBED_CHUNK = 256;
/** How far a fit is after `epoch` epochs: early stopping ends it at an epoch no one knows beforehand. */
const fitPart = (epoch: number) => 1 - Math.exp(-epoch / TYPICAL_EPOCHS);

/** train()'s progress as one total: each step adds its expected cost, and `done` only moves forward. */
class WorkMeter {
  #done = 0;
  constructor(
    readonly total: number,
    private readonly listener: ProgressListener | undefined,
  ) {}

  /** Reports `progress`, the run having done `done` of its work. */
  at(done: number, progress: Omit<TrainProgress, 'overall'>): void {
    this.#done = Math.min(this.total, Math.max(this.#done, done));
    this.listener?.({ ...progress, overall: { done: this.#done, total: this.total } });
  }
}

/** sha256 over every training example, order-independent, so a model can be traced to its data. */
function dataHash(data: TrainData): string {
  const lines = (Object.keys(TASK_KEYS) as TaskName[]).flatMap((task) =>
    (data[TASK_KEYS[task]] ?? []).map((e) => JSON.stringify([task, e.text, e.label])),
  );
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

interface TaskPlan {
  task: TaskName;
  train: Example[];
  validation: Example[];
  /** The languages that get their own head. */
  routes: Language[];
}

function planTask(task: TaskName, examples: Example[], validation: Example[] | undefined, seed: number, warnings: string[]): TaskPlan {
  const checked = checkDataset(examples, { task });
  warnings.push(...checked.warnings);
  if (validation && validation.length > 0) return { task, train: checked.examples, validation, routes: trainedRoutes(checked.examples) };
  const split = stratifiedSplit(
    checked.examples.map((e) => `${detectLanguage(e.text)}\u0000${e.label}`),
    VALIDATION_FRACTION,
    seed,
  );
  const train = split.train.map((i) => checked.examples[i]!);
  return { task, train, validation: split.validation.map((i) => checked.examples[i]!), routes: trainedRoutes(train) };
}

/** Which languages get their own head: those with enough examples of at least two labels. */
function trainedRoutes(examples: Example[]): Language[] {
  const routes = (['en', 'zh'] as const).filter((lang) => {
    const own = examples.filter((e) => detectLanguage(e.text) === lang);
    return own.length >= MIN_ROUTE_EXAMPLES && new Set(own.map((e) => e.label)).size >= 2;
  });
  // Too little of either: one head on everything, with the features of the more common script.
  if (routes.length > 0) return routes;
  const zh = examples.filter((e) => detectLanguage(e.text) === 'zh').length;
  return [zh * 2 > examples.length ? 'zh' : 'en'];
}

const routeSet = (routes: Language[]) => ({ routes: Object.fromEntries(routes.map((r) => [r, true])) });

interface RouteExamples {
  route: Language;
  train: Example[];
  validation: Example[];
  cost: ReturnType<typeof routeCost>;
}

/** A task's examples per trained route (a script without its own head goes to the other's). */
function routeExamples(plan: TaskPlan): RouteExamples[] {
  const partial = routeSet(plan.routes);
  const own = (examples: Example[], route: Language) => examples.filter((e) => routeFor(partial, detectLanguage(e.text)) === route);
  return plan.routes.map((route) => {
    const [train, validation] = [own(plan.train, route), own(plan.validation, route)];
    return { route, train, validation, cost: routeCost(route, train.length, validation.length) };
  });
}

/** What training a task costs: its routes' heads, then calibration and metrics over the held-out predictions. */
function taskCost(routes: readonly RouteExamples[]): number {
  const heads = routes.reduce((sum, { cost }) => sum + cost.setup + cost.fit * cost.fits, 0);
  const heldOut = routes.reduce((sum, { train, validation, cost }) => sum + (cost.fits > 1 ? train.length : 0) + validation.length, 0);
  return heads + heldOut * COST.heldOut;
}

async function embedAll(encoder: Encoder, texts: string[], meter: WorkMeter, from: number): Promise<Map<string, Float32Array>> {
  const unique = [...new Set(texts)];
  const out = new Map<string, Float32Array>();
  meter.at(from, { task: 'all', stage: 'embed', done: 0, total: unique.length });
  for (let start = 0; start < unique.length; start += EMBED_CHUNK) {
    const part = unique.slice(start, start + EMBED_CHUNK);
    (await encoder.embed(part)).forEach((v, i) => out.set(part[i]!, v));
    const done = Math.min(start + EMBED_CHUNK, unique.length);
    meter.at(from + done * COST.embedText, { task: 'all', stage: 'embed', done, total: unique.length });
  }
  return out;
}

async function trainTask(
  plan: TaskPlan,
  routes: readonly RouteExamples[],
  embeddings: Map<string, Float32Array>,
  settings: { embeddingDim: number; seed: number; head: HeadKind },
  meter: WorkMeter,
  from: number,
  warm: TaskModel | undefined,
): Promise<{ model: TaskModel; report: EvaluationReport; warmStarted: Language[] }> {
  const routeData = (examples: Example[], withNoisy: boolean): RouteData => {
    const noisy = withNoisy ? examples.map((e) => perturb(e.text, settings.seed)) : undefined;
    return {
      texts: examples.map((e) => e.text),
      labels: examples.map((e) => e.label),
      embeddings: examples.map((e) => embeddings.get(e.text)),
      ...(noisy && { noisy: { texts: noisy, embeddings: noisy.map((t) => embeddings.get(t)) } }),
    };
  };
  const labels = [...new Set(plan.train.map((e) => e.label))].sort();
  const oosLabel = plan.task === 'intent' && labels.includes(DEFAULT_OOS_LABEL) ? DEFAULT_OOS_LABEL : null;

  const task: TaskModel = { labels, routes: {}, oosLabel, oosThreshold: 0 };
  const clean: HeldOut[] = [];
  const noisy: HeldOut[] = [];
  let at = from;
  const warmStarted: Language[] = [];
  for (const { route, train, validation, cost } of routes) {
    const message = `${route} head`;
    meter.at(at, { task: plan.task, stage: 'train', done: 0, total: 1, route, fit: 1, fits: cost.fits, message });
    const start = at;
    const trained = await trainRoute({
      language: route,
      train: routeData(train, crossFits(train.length, validation.length)),
      validation: routeData(validation, true),
      ...settings,
      warm: warm?.routes[route],
      onEpoch: (done, total, { fit, fits }) =>
        meter.at(start + cost.setup + (fit - 1 + fitPart(done)) * cost.fit, {
          task: plan.task,
          stage: 'train',
          done,
          total,
          route,
          fit,
          fits,
          message,
        }),
    });
    at += cost.setup + cost.fit * cost.fits;
    task.routes[route] = trained.head;
    if (trained.warmStarted) warmStarted.push(route);
    clean.push(...heldOutTop(trained.head.labels, trained.heldOut.labels, trained.heldOut.probabilities));
    if (trained.heldOut.noisyProbabilities)
      noisy.push(...heldOutTop(trained.head.labels, trained.heldOut.labels, trained.heldOut.noisyProbabilities));
  }

  const rest = from + taskCost(routes) - at;
  meter.at(at, { task: plan.task, stage: 'calibrate', done: 0, total: 1 });
  if (plan.task === 'intent') {
    task.oosThreshold = tuneOosThreshold(
      [...clean, ...noisy].map((p) => ({
        correct: p.predicted === p.gold,
        inScope: p.gold !== oosLabel,
        predictedOutOfScope: p.predicted === oosLabel,
        confidence: p.confidence,
      })),
    );
  }
  meter.at(at + rest / 2, { task: plan.task, stage: 'calibrate', done: 1, total: 1 });
  meter.at(at + rest / 2, { task: plan.task, stage: 'evaluate', done: 0, total: 1 });
  const report = computeMetrics({
    gold: clean.map((p) => p.gold),
    predicted: clean.map((p) => p.predicted),
    confidence: clean.map((p) => p.confidence),
    predictedOutOfScope: clean.map((p) => isOutOfScope(task, p.predicted, p.confidence)),
    labels,
    oosLabel,
  });
  meter.at(at + rest, { task: plan.task, stage: 'evaluate', done: 1, total: 1 });
  return { model: task, report, warmStarted };
}

interface HeldOut {
  gold: string;
  predicted: string;
  confidence: number;
}

function heldOutTop(headLabels: readonly string[], gold: readonly string[], probabilities: Float32Array): HeldOut[] {
  const width = headLabels.length;
  return gold.map((label, i) => {
    const [top] = ranked(headLabels, probabilities.subarray(i * width, (i + 1) * width));
    return { gold: label, predicted: top!.label, confidence: top!.confidence };
  });
}

/**
 * Trains intent and/or sentiment heads on a frozen sentence encoder and returns the model artifact (also
 * written to `options.outDir` when given). English goes through USE-lite plus n-grams, CJK text through its
 * own character n-gram heads; each head is calibrated, and intents get an out-of-scope threshold.
 */
export async function train(data: TrainData, options: TrainOptions = {}, onProgress?: ProgressListener): Promise<ModelArtifact> {
  const logger = options.logger ?? defaultLogger();
  const seed = options.seed ?? 42;
  const warnings: string[] = [];
  onProgress?.({ task: 'all', stage: 'validate', done: 0, total: 1 });
  const served = (task: TaskName) => options.classifiers?.[task] !== undefined;
  const plans = (Object.keys(TASK_KEYS) as TaskName[])
    .filter((task) => data[TASK_KEYS[task]] !== undefined && !served(task))
    .map((task) => planTask(task, data[TASK_KEYS[task]]!, options.validation?.[TASK_KEYS[task]], seed, warnings));
  const classified = (Object.keys(TASK_KEYS) as TaskName[]).filter(served);
  if (plans.length === 0 && classified.length === 0) throw new Error('nothing to train: give intent and/or sentiment examples');
  // Kept in the artifact too; callers such as the CLI show them to the user themselves.
  for (const w of warnings) logger.info(w);
  const routes = plans.map(routeExamples);
  // Only texts whose head reads the sentence embedding are embedded, with the noisy copies its training reads.
  const needEmbeddings = routes.flatMap((taskRoutes) =>
    taskRoutes
      .filter(({ route }) => ROUTE_RECIPES[route].embedding)
      .flatMap(({ train, validation }) => [
        ...train.map((e) => e.text),
        ...(crossFits(train.length, validation.length) ? train : []).map((e) => perturb(e.text, seed)),
        ...validation.flatMap((e) => [e.text, perturb(e.text, seed)]),
      ]),
  );
  const embedCost = new Set(needEmbeddings).size * COST.embedText;
  const taskCosts = routes.map(taskCost);
  const meter = new WorkMeter(
    COST.validate + embedCost + taskCosts.reduce((a, b) => a + b, 0) + (options.outDir ? COST.save : 0),
    onProgress,
  );
  meter.at(COST.validate, { task: 'all', stage: 'validate', done: 1, total: 1 });

  const encoderOptions = encoderOptionsSchema.parse(options.encoderOptions ?? { kind: 'use-lite' });
  const encoder = options.encoder ?? (await createEncoder(encoderOptions, logger));
  try {
    const embeddings = await embedAll(encoder, needEmbeddings, meter, COST.validate);
    // A live model on another encoder reads other features: its heads cannot seed these.
    const warmTasks = options.warmStart?.encoder.id === encoder.id ? options.warmStart.tasks : undefined;
    const tasks: ModelArtifact['tasks'] = {};
    const metrics: ModelArtifact['metrics'] = {};
    let at = COST.validate + embedCost;
    for (const [i, plan] of plans.entries()) {
      const settings = { embeddingDim: encoder.dim, seed, head: options.head ?? 'mlp' } as const;
      const { model, report, warmStarted } = await trainTask(plan, routes[i]!, embeddings, settings, meter, at, warmTasks?.[plan.task]);
      at += taskCosts[i]!;
      tasks[plan.task] = model;
      metrics[plan.task] = {
        ...report,
        validationExamples: plan.validation.length,
        trainExamples: plan.train.length,
        ...(warmStarted.length > 0 && { warmStartedFrom: options.warmStart!.version, warmStartedRoutes: warmStarted }),
      };
    }
    for (const task of classified) {
      // Loaded on demand: only tasks served by a Hugging Face classifier need transformers.js.
      const { classifierTask } = await import('./hf/classifier-task.ts');
      const result = await classifierTask(task, data[TASK_KEYS[task]] ?? [], {
        classifier: options.classifiers![task]!,
        validation: options.validation?.[TASK_KEYS[task]],
        seed,
        logger,
      });
      tasks[task] = result.model;
      metrics[task] = {
        ...result.report,
        backend: result.model.backend!.classifier.kind,
        validationExamples: result.validationExamples,
        trainExamples: result.trainExamples,
      };
    }
    const createdAt = new Date().toISOString();
    const trainingDataHash = dataHash(data);
    const artifact = modelArtifactSchema.parse({
      format: 'parley-model',
      formatVersion: 1,
      version: `${createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`,
      createdAt,
      packageVersion: PACKAGE_VERSION,
      encoder: { id: encoder.id, dim: encoder.dim, options: encoderOptions },
      trainingDataHash,
      tasks,
      metrics,
      dataWarnings: warnings,
    } satisfies ModelArtifact);
    if (options.outDir) {
      meter.at(at, { task: 'all', stage: 'save', done: 0, total: 1 });
      await saveArtifact(artifact, options.outDir);
      meter.at(meter.total, { task: 'all', stage: 'save', done: 1, total: 1 });
    }
    return artifact;
  } finally {
    if (!options.encoder) await encoder.close();
  }
}
