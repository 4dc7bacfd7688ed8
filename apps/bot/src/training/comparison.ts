import { z } from 'zod';
import { gateVerdict, MAX_MACRO_F1_DROP } from './gate.ts';
import type { HeldOutSource } from './held-out.ts';
import { headlineScoresSchema, scoresSchema, type HeadlineScores, type Scores } from './scores.ts';

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
    gate: z.object({ passed: z.boolean(), maxMacroF1Drop: z.literal(MAX_MACRO_F1_DROP), macroF1Drop: z.number(), reason: z.string() }),
    sentiment: z.object({ candidate: headlineScoresSchema, live: headlineScoresSchema.nullable() }).nullable(),
  })
  .meta({ id: 'Comparison', description: 'A candidate against the live model on the same held-out examples' });

export type Comparison = z.infer<typeof comparisonSchema>;

export interface ScoredTasks {
  intent: { candidate: Scores; live: Scores | null };
  sentiment: { candidate: HeadlineScores; live: HeadlineScores | null } | null;
}

/** The report a training job stores: the scores side by side, their differences and the gate's verdict. */
export function buildComparison(scores: ScoredTasks, heldOut: { examples: number; source: HeldOutSource }): Comparison {
  const { candidate, live } = scores.intent;
  const goldLabels = Object.keys(candidate.perLabel).filter((label) => candidate.perLabel[label]!.support > 0);
  return {
    task: 'intent',
    heldOut,
    candidate,
    live,
    deltas: {
      accuracy: live ? candidate.accuracy - live.accuracy : 0,
      macroF1: live ? candidate.macroF1 - live.macroF1 : 0,
      perLabel: live
        ? Object.fromEntries(goldLabels.map((label) => [label, candidate.perLabel[label]!.f1 - (live.perLabel[label]?.f1 ?? 0)]))
        : {},
    },
    gate: gateVerdict(candidate, live),
    sentiment: scores.sentiment,
  };
}
