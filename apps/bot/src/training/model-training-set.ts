import { withBuiltinIntents, withBuiltinSentiment, type Example, type TrainData } from '@parley/model';
import type { BotConfig } from '../engine/bot-config.ts';

/**
 * What a bot's model trains on: the bot's own examples plus the built-ins its config turns on (small talk, and
 * out-of-scope background and gibberish). Held-out examples never pass through here.
 */
export function modelTrainingSet(
  own: { intents: Example[]; sentiment: Example[] },
  builtins: BotConfig['builtins'],
  seed: number,
): TrainData {
  return {
    intents: withBuiltinIntents(own.intents, { ...builtins, seed }),
    ...(own.sentiment.length > 0 && {
      sentiment: builtins.smallTalk || builtins.background ? withBuiltinSentiment(own.sentiment, { seed }) : own.sentiment,
    }),
  };
}
