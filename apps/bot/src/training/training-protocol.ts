import { z } from 'zod';
import { botConfigSchema } from '../engine/bot-config.ts';
import { behaviourScoresSchema, headlineScoresSchema, scoresSchema } from '@parley/protocol';

// What the server and its training process say to each other over IPC; both sides parse what they receive.

const examplesSchema = z.array(z.object({ text: z.string(), label: z.string() }));
const taskExamplesSchema = z.object({ intents: examplesSchema, sentiment: examplesSchema });

export const trainingRequestSchema = z.object({
  /** Where train() writes the artifact; must not exist yet. The server renames it once the job is stored. */
  outDir: z.string().min(1),
  /** The persistent embedding cache: a retrain re-embeds only texts it has not seen. */
  cache: z.object({ maxEntries: z.int().positive(), file: z.string().min(1) }),
  seed: z.int(),
  /** The bot's own examples; the built-ins its config turns on are added in the training process. */
  train: taskExamplesSchema,
  /**
   * The bot's parsed config: its built-ins, and what the engine needs to decide replies when both models are run
   * through it. Parsing it again here is a no-op on a parsed config.
   */
  config: botConfigSchema,
  heldOut: taskExamplesSchema,
  /** The bot's live model, scored on the same held-out examples; null when it has none. */
  live: z.object({ version: z.string(), artifactDir: z.string() }).nullable(),
  /** Whether the candidate's heads start from the live model's (train()'s warmStart) where their shapes fit. */
  warmStart: z.boolean(),
});

// What a stored report may lack (older jobs), a fresh one always has.
const intentScoresSchema = scoresSchema.required({ ece: true });
const sentimentScoresSchema = headlineScoresSchema.required({ examples: true });

export const jobProgressSchema = z.object({ stage: z.string(), fraction: z.number().min(0).max(1), message: z.string().nullable() });

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: jobProgressSchema }),
  /** One pino log line of the training process, for the server's log. */
  z.object({ type: z.literal('log'), line: z.string() }),
  z.object({
    type: z.literal('done'),
    version: z.string(),
    metrics: z.record(z.string(), z.unknown()),
    scores: z.object({
      intent: z.object({ candidate: intentScoresSchema, live: intentScoresSchema.nullable() }),
      sentiment: z.object({ candidate: sentimentScoresSchema, live: sentimentScoresSchema.nullable() }).nullable(),
      /** Each model run through the engine on the held-out examples plus the out-of-scope probe. */
      behaviour: z.object({ candidate: behaviourScoresSchema, live: behaviourScoresSchema.nullable() }),
    }),
    /** Texts the encoder computed and texts the embedding cache answered: what a warm cache saved. */
    embedding: z.object({ encodedTexts: z.int(), cacheHits: z.int() }),
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);

export type TrainingRequest = z.infer<typeof trainingRequestSchema>;
export type JobProgress = z.infer<typeof jobProgressSchema>;
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
export type TrainingResult = Extract<WorkerMessage, { type: 'done' }>;
