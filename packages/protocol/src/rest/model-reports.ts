import * as z from 'zod';

// The evaluation reports a training job stores and the REST API shows (a job's `report`, a version's
// `evaluation`): the scores of the models on the held-out examples and the promotion gate's verdict.

const fraction = z.number().min(0).max(1);

/** One label's scores on the held-out examples. */
export const labelScoresSchema = z.object({ precision: fraction, recall: fraction, f1: fraction, support: z.int().min(0) });

/** One model's scores on the held-out examples of one task. */
export const scoresSchema = z
  .object({
    version: z.string(),
    accuracy: fraction,
    macroF1: fraction,
    perLabel: z.record(z.string(), labelScoresSchema),
    confusion: z
      .object({ labels: z.array(z.string()), matrix: z.array(z.array(z.int().min(0))) })
      .meta({ description: 'Rows are gold labels, columns predicted ones, both in `labels` order.' }),
    // Optional because reports and versions stored before the gate used it lack it.
    ece: fraction
      .optional()
      .meta({ description: 'Expected calibration error of the top intent’s confidence (15 bins); absent in older reports' }),
  })
  .meta({ id: 'Scores' });

/** Accuracy and macro-F1 only: the sentiment half of a comparison. */
export const headlineScoresSchema = z.object({
  accuracy: fraction,
  macroF1: fraction,
  examples: z.int().min(0).optional().meta({ description: 'Held-out sentiment examples scored; absent in older reports' }),
});

const share = fraction.meta({ description: 'Share of the in-scope messages' });

/**
 * What the real engine did with messages: outcome shares of the held-out in-scope messages, and how many
 * out-of-scope ones (the built-in probe plus the bot's held-out `oos` examples) it answered anyway.
 */
export const behaviourScoresSchema = z
  .object({
    inScope: z.object({
      count: z.int().min(0),
      correct: share,
      wrong: share,
      smalltalk: share,
      clarify: share,
      fallback: share,
      handoff: share,
    }),
    outOfScope: z.object({
      count: z.int().min(0),
      answered: fraction.meta({ description: 'Share answered with a domain answer: the false-accept rate' }),
    }),
  })
  .meta({ id: 'BehaviourScores' });

/** How far a candidate's held-out intent macro-F1 may fall below the live model's and still be promoted. */
export const MAX_MACRO_F1_DROP = 0.01;

/** What the gate compares, candidate against live, each scored by the training process on the same data. */
export const GATE_MEASURES = ['intentMacroF1', 'sentimentMacroF1', 'falseAcceptRate', 'answeredCorrectly', 'intentEce'] as const;
export const gateMeasureSchema = z.enum(GATE_MEASURES);

export const gateMeasureVerdictSchema = z
  .object({
    measure: gateMeasureSchema,
    higherIsBetter: z.boolean(),
    candidate: z.number().nullable(),
    live: z.number().nullable(),
    delta: z.number().nullable().meta({ description: 'Candidate minus live; null when not compared' }),
    tolerance: z
      .number()
      .min(0)
      .meta({ description: 'How much worse than live the candidate may be (a fraction, in the worse direction)' }),
    examples: z.int().min(0).nullable().meta({ description: 'Examples or messages it was measured on; null when not recorded' }),
    verdict: z.enum(['pass', 'fail', 'not-compared']),
    note: z.string().nullable().meta({ description: 'Why it was not compared' }),
  })
  .meta({ id: 'GateMeasureVerdict' });

export const gateVerdictSchema = z.object({
  passed: z.boolean(),
  maxMacroF1Drop: z.literal(MAX_MACRO_F1_DROP),
  macroF1Drop: z.number().meta({ description: 'Live minus candidate intent macro-F1; 0 without a live model' }),
  reason: z.string(),
  // Optional because reports stored before the gate compared more than macro-F1 lack it.
  measures: z
    .array(gateMeasureVerdictSchema)
    .optional()
    .meta({ description: 'Every measure, compared or not; absent in reports stored before the gate compared more than macro-F1' }),
});

export const comparisonSchema = z
  .object({
    task: z.literal('intent'),
    heldOut: z.object({ examples: z.int().min(0), source: z.enum(['test-split', 'holdout']) }).meta({
      description: "'test-split': the bot's test examples; 'holdout': ~15% of each label's examples, kept out of the candidate's training",
    }),
    candidate: scoresSchema,
    live: scoresSchema.nullable().meta({ description: 'The live model when the job ran, on the same examples; null when there was none' }),
    deltas: z
      .object({ accuracy: z.number(), macroF1: z.number(), perLabel: z.record(z.string(), z.number()) })
      .meta({ description: 'Candidate minus live (positive: the candidate is better); zero without a live model' }),
    gate: gateVerdictSchema,
    sentiment: z.object({ candidate: headlineScoresSchema, live: headlineScoresSchema.nullable() }).nullable(),
    behaviour: z.object({ candidate: behaviourScoresSchema, live: behaviourScoresSchema.nullable() }).optional().meta({
      description:
        'What the engine did with the held-out messages and the out-of-scope probe, per model; absent in reports stored before the gate measured it',
    }),
  })
  .meta({ id: 'Comparison', description: 'A candidate against the live model on the same held-out examples' });

export type LabelScores = z.infer<typeof labelScoresSchema>;
export type Scores = z.infer<typeof scoresSchema>;
export type HeadlineScores = z.infer<typeof headlineScoresSchema>;
export type BehaviourScores = z.infer<typeof behaviourScoresSchema>;
export type GateMeasure = z.infer<typeof gateMeasureSchema>;
export type GateMeasureVerdict = z.infer<typeof gateMeasureVerdictSchema>;
/** The gate's verdict as a report holds it; `measures` is absent in reports stored before the gate compared more. */
export type StoredGateVerdict = z.infer<typeof gateVerdictSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
