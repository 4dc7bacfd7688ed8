import { LIMITS } from '@parley/protocol';
import type { Language } from '@parley/model';
import { own, type BotAnswer, type BotConfig } from './bot-config.ts';

/** What the bot says in one language: its texts, answers, small-talk replies and intent names. */
export interface BotVoice {
  language: Language;
  texts: BotConfig['texts'];
  answer(intent: string): BotAnswer | undefined;
  smallTalk(intent: string): BotAnswer | undefined;
  /** How an intent is named to customers in a clarifying question. */
  displayName(intent: string): string;
}

/**
 * The bot's voice for a customer writing `language`. English is the default language; another language uses its
 * locale's texts and small talk, and its answers and names where the owner translated them, else the default's:
 * an answer in the wrong language still helps more than no answer.
 */
export function voiceFor(config: BotConfig, language: Language): BotVoice {
  const locale = language === 'en' ? undefined : config.locales[language];
  return {
    language,
    texts: locale?.texts ?? config.texts,
    answer: (intent) => (locale && own(locale.answers, intent)) ?? own(config.answers, intent),
    smallTalk: (intent) => own(locale?.smallTalk ?? config.smallTalk, intent),
    displayName: (intent) =>
      (locale && own(locale.intentDisplayNames, intent)) ??
      own(config.intentDisplayNames, intent) ??
      intent.replaceAll('_', ' ').slice(0, LIMITS.quickReplyLabel),
  };
}
