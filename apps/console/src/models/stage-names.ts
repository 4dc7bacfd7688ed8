import { humanize } from '../lib/format.ts';

// The server's job stages (apps/bot/src/training/job-progress.ts) in words; a stage added later reads as its code.
const STAGES: Record<string, string> = {
  queued: 'Queued',
  starting: 'Starting',
  validate: 'Checking the examples',
  embed: 'Reading the examples',
  'train-intent': 'Training the intent model',
  'train-sentiment': 'Training the sentiment model',
  calibrate: 'Calibrating the model',
  save: 'Saving the model',
  evaluate: 'Evaluating on held-out examples',
  'evaluate-live': 'Evaluating against the live model',
  store: 'Storing the candidate',
  done: 'Done',
  failed: 'Failed',
};

export const stageName = (stage: string): string => STAGES[stage] ?? humanize(stage);
