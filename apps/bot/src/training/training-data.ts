import { checkDataset, type Example } from '@parley/model';
import { findBot } from '../db/bot-store.ts';
import type { Queryable } from '../db/database.ts';
import { parseBotConfig, type BotConfig } from '../engine/bot-config.ts';
import { splitHeldOut, type HeldOutSplit } from './held-out.ts';
import { TrainingFailure } from './training-failure.ts';
import type { TrainingTask } from '@parley/protocol';
import { listTrainingExamples } from '../db/example-store.ts';

export interface TrainingData {
  intents: HeldOutSplit;
  /** Empty when the bot has no sentiment examples: the candidate then has no sentiment head. */
  sentiment: HeldOutSplit;
  /** The bot's config: what it adds to its own examples (small talk, background) and how the engine replies. */
  config: BotConfig;
}

async function taskSplit(db: Queryable, botId: string, task: TrainingTask): Promise<HeldOutSplit> {
  const [train, test] = await Promise.all([listTrainingExamples(db, botId, task, 'train'), listTrainingExamples(db, botId, task, 'test')]);
  return splitHeldOut(train, test);
}

function check(examples: Example[], task: TrainingTask): void {
  try {
    checkDataset(examples, { task });
  } catch (error) {
    throw new TrainingFailure(`cannot train: ${(error as Error).message}`);
  }
}

/**
 * A bot's examples split into what the candidate learns from and what it is judged on, refused (with the reason)
 * when no model could be trained or judged on them.
 */
export async function loadTrainingData(db: Queryable, botId: string): Promise<TrainingData> {
  const intents = await taskSplit(db, botId, 'intent');
  const sentiment = await taskSplit(db, botId, 'sentiment');
  check(intents.train, 'intent');
  if (sentiment.train.length > 0) check(sentiment.train, 'sentiment');
  if (intents.heldOut.length === 0)
    throw new TrainingFailure(
      'cannot evaluate: the bot has no test examples, and no intent has the 5 examples needed to hold some out; add test examples',
    );
  const bot = await findBot(db, botId);
  if (!bot) throw new TrainingFailure('the bot no longer exists');
  return { intents, sentiment, config: parseBotConfig(bot.config) };
}
