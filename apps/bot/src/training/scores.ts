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
  })
  .meta({ id: 'Scores' });

export type Scores = z.infer<typeof scoresSchema>;

/** Accuracy and macro-F1 only: the sentiment half of a comparison. */
export const headlineScoresSchema = z.object({ accuracy: fraction, macroF1: fraction });
export type HeadlineScores = z.infer<typeof headlineScoresSchema>;
