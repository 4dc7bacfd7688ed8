import { z } from 'zod';

const fraction = z.number().min(0).max(1);

/** One model's scores on the held-out examples of one task. */
export const scoresSchema = z
  .object({
    version: z.string(),
    accuracy: fraction,
    macroF1: fraction,
    perLabel: z.record(z.string(), z.object({ precision: fraction, recall: fraction, f1: fraction, support: z.int().min(0) })),
    confusion: z
      .object({ labels: z.array(z.string()), matrix: z.array(z.array(z.int().min(0))) })
      .meta({ description: 'Rows are gold labels, columns predicted ones, both in `labels` order.' }),
    // Optional because reports and versions stored before the gate used it lack it.
    ece: fraction
      .optional()
      .meta({ description: 'Expected calibration error of the top intent’s confidence (15 bins); absent in older reports' }),
  })
  .meta({ id: 'Scores' });

export type Scores = z.infer<typeof scoresSchema>;

/** Accuracy and macro-F1 only: the sentiment half of a comparison. */
export const headlineScoresSchema = z.object({
  accuracy: fraction,
  macroF1: fraction,
  examples: z.int().min(0).optional().meta({ description: 'Held-out sentiment examples scored; absent in older reports' }),
});
export type HeadlineScores = z.infer<typeof headlineScoresSchema>;

const share = fraction.meta({ description: 'Share of the in-scope messages' });

/**
 * What the real engine did with messages (see behaviour.ts): outcome shares of the held-out in-scope messages, and
 * how many out-of-scope ones (the built-in probe plus the bot's held-out `oos` examples) it answered anyway.
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

export type BehaviourScores = z.infer<typeof behaviourScoresSchema>;
