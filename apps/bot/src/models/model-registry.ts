import {
  createEncoder,
  createModel,
  readArtifact,
  type Classification,
  type Encoder,
  type EncoderOptions,
  type Model,
} from '@parley/model';
import type { Logger } from 'pino';
import type { Queryable } from '../db/database.ts';
import { listLiveModels } from '../db/model-version-store.ts';
import { ClassifyBatcher } from './classify-batcher.ts';
import { RecentModels } from './recent-models.ts';

/**
 * Versions kept open besides the live ones, for previews. Two: an operator compares the live model (already
 * served) with one candidate, so one would do for one operator; the second spares a reload each call when two
 * operators (or two bots) try different candidates at once. Each costs only its heads, the encoder is shared.
 */
const RECENT_VERSIONS = 2;

export interface ServedModel {
  version: string;
  model: Model;
  batcher: ClassifyBatcher;
}

export interface ClassifyOutcome {
  classification: Classification;
  version: string;
  /** Wall time from the request to the answer, batching wait included: what the customer's turn paid. */
  latencyMs: number;
}

export interface ModelRegistryOptions {
  logger: Logger;
  /** Overrides the encoder options stored in each artifact (device, threads, worker, spinning): one serving policy. */
  encoderOverrides?: Partial<Pick<EncoderOptions, 'device' | 'threads' | 'worker' | 'spinning'>>;
}

/**
 * The models the server is serving, one per bot. `activate` loads a version fully before it replaces the old
 * one in a single assignment, so a message is always classified by exactly one complete model and sockets
 * never notice the swap. Bots whose models share an encoder (same weights) share one loaded encoder.
 */
export class ModelRegistry {
  readonly #served = new Map<string, ServedModel>();
  readonly #encoders = new Map<string, Promise<Encoder>>();
  readonly #logger: Logger;
  readonly #overrides: ModelRegistryOptions['encoderOverrides'];
  readonly #recent: RecentModels;
  #loaded = false;

  constructor(options: ModelRegistryOptions) {
    this.#logger = options.logger;
    // A chat server embeds a few messages at a time: spinning pool threads would cost more CPU than the model.
    this.#overrides = { spinning: false, ...options.encoderOverrides };
    this.#recent = new RecentModels((dir) => this.#open(dir), RECENT_VERSIONS, this.#logger);
  }

  /** Loads every bot's active model version; a model that fails to load is logged and its bot runs without one. */
  async loadActive(db: Queryable): Promise<void> {
    for (const live of await listLiveModels(db)) {
      try {
        await this.activate(live.botId, live.version, live.artifactDir);
      } catch (error) {
        this.#logger.error(
          { err: error, botId: live.botId, version: live.version },
          'cannot load the active model; the bot answers without it',
        );
      }
    }
    this.#loaded = true;
  }

  /** Whether loadActive has finished: each bot's live model is served, or known not to load (and logged). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Loads `artifactDir` and makes it the bot's model. Throws, leaving the old model serving, if it cannot load. */
  async activate(botId: string, version: string, artifactDir: string): Promise<void> {
    const started = performance.now();
    // `version` is the database's name for this artifact (model_versions.version); the artifact's own id is logged.
    const model = await this.#open(artifactDir);
    const previous = this.#served.get(botId);
    this.#served.set(botId, { version, model, batcher: new ClassifyBatcher(model) });
    this.#logger.info({ botId, version, artifact: model.artifact.version, ms: Math.round(performance.now() - started) }, 'model activated');
    // Calls already batched on the old model finish on it; its heads close once they have.
    if (previous) void previous.batcher.drain().then(() => previous.model.close());
  }

  current(botId: string): ServedModel | undefined {
    return this.#served.get(botId);
  }

  /** Classifies one message with the bot's model; undefined when it has none or the model failed (logged). */
  async classify(botId: string, text: string): Promise<ClassifyOutcome | undefined> {
    const served = this.#served.get(botId);
    if (!served) return undefined;
    const started = performance.now();
    try {
      const classification = await served.batcher.classify(text);
      return { classification, version: served.version, latencyMs: performance.now() - started };
    } catch (error) {
      this.#logger.error({ err: error, botId, version: served.version }, 'classification failed; answering without it');
      return undefined;
    }
  }

  /**
   * Runs `use` with the model of `artifactDir`, which need not be live (a candidate to try out): opened on the
   * shared encoder, and kept among the few recently used ones rather than closed, since the next call is likely
   * for the same version.
   */
  withModelAt<T>(artifactDir: string, use: (model: Model) => Promise<T>): Promise<T> {
    return this.#recent.use(artifactDir, use);
  }

  /**
   * An encoder of `options` shared with the models that run on the same one (same id), so the knowledge base's
   * embeddings and the bot's classifier hold one copy of the weights.
   */
  async sharedEncoder(options: EncoderOptions): Promise<Encoder> {
    const opened = await createEncoder({ ...options, ...this.#overrides } as EncoderOptions, this.#logger);
    const existing = this.#encoders.get(opened.id);
    if (existing) {
      await opened.close();
      return existing;
    }
    this.#encoders.set(opened.id, Promise.resolve(opened));
    return opened;
  }

  async close(): Promise<void> {
    const served = [...this.#served.values()];
    this.#served.clear();
    await Promise.allSettled(served.map(async (s) => (await s.batcher.drain(), await s.model.close())));
    await this.#recent.close();
    const encoders = [...this.#encoders.values()];
    this.#encoders.clear();
    await Promise.allSettled(encoders.map(async (e) => (await e).close()));
  }

  async #open(artifactDir: string): Promise<Model> {
    const artifact = await readArtifact(artifactDir);
    const encoder = await this.#encoder(artifact.encoder.id, artifact.encoder.options as EncoderOptions);
    return createModel(artifact, encoder);
  }

  #encoder(id: string, options: EncoderOptions): Promise<Encoder> {
    let encoder = this.#encoders.get(id);
    if (!encoder) {
      encoder = createEncoder({ ...options, ...this.#overrides } as EncoderOptions, this.#logger);
      // A failed open must not poison later attempts.
      encoder.catch(() => this.#encoders.delete(id));
      this.#encoders.set(id, encoder);
    }
    return encoder;
  }
}
