export {
  BotConfigError,
  botConfigSchema,
  DEFAULT_HANDOFF_INTENTS,
  DEFAULT_HANDOFF_PHRASES,
  parseBotConfig,
  type BotAnswer,
  type BotConfig,
  type BotConfigInput,
  type BotConfigIssue,
} from './bot-config.ts';
export { decide, type BotReply, type DecideInput, type Decision, type FailureCause, type HandoffCause } from './decide.ts';
