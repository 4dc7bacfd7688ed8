import type { BotLanguage, BotTextKey, SmallTalkLabel } from '@parley/protocol';

export interface TextFieldInfo {
  /** The field's accessible name. */
  name: string;
  hint: string;
  maxLength: number;
  multiline: boolean;
}

export const LANGUAGE_NAMES: Record<BotLanguage, string> = { en: 'English', zh: '中文' };

export const BOT_TEXT_FIELDS: Record<BotTextKey, TextFieldInfo> = {
  fallback: { name: 'Fallback', hint: 'When the bot has no answer: asks the customer to rephrase.', maxLength: 4000, multiline: true },
  clarify: {
    name: 'Clarifying question',
    hint: 'Asks which of two intents the customer meant; {option1} and {option2} become their display names.',
    maxLength: 4000,
    multiline: true,
  },
  handoff: { name: 'Handoff', hint: 'When the conversation is passed to a person.', maxLength: 4000, multiline: true },
  waitingForAgent: {
    name: 'Waiting for a person',
    hint: 'To a customer who writes while waiting for a person.',
    maxLength: 4000,
    multiline: true,
  },
  talkToPerson: {
    name: 'Talk to a person button',
    hint: "The quick reply added to an upset customer's answer (up to 80 characters).",
    maxLength: 80,
    multiline: false,
  },
};

export const SMALL_TALK_FIELDS: Record<SmallTalkLabel, TextFieldInfo> = {
  'smalltalk.greeting': { name: 'Greeting reply', hint: 'To “hi”, “hello”, “你好”.', maxLength: 4000, multiline: true },
  'smalltalk.thanks': { name: 'Thanks reply', hint: 'To “thanks”, “谢谢”.', maxLength: 4000, multiline: true },
  'smalltalk.goodbye': { name: 'Goodbye reply', hint: 'To “bye”, “再见”.', maxLength: 4000, multiline: true },
  'smalltalk.are_you_a_bot': {
    name: 'Are you a bot reply',
    hint: 'To “are you a bot?”, “你是机器人吗”.',
    maxLength: 4000,
    multiline: true,
  },
  'smalltalk.ok': { name: 'OK reply', hint: 'To “ok”, “got it”, “好的”.', maxLength: 4000, multiline: true },
};
