import type {
  BotLanguage,
  BotTextKey,
  BuiltinSwitches,
  ConversationTexts,
  ConversationTextsUpdate,
  ConversationTextValues,
  LanguageTexts,
  LanguageTextsUpdate,
  SmallTalkLabel,
} from '@parley/protocol';

export const BOT_LANGUAGES: BotLanguage[] = ['en', 'zh'];
export const BOT_TEXT_KEYS: BotTextKey[] = ['fallback', 'clarify', 'handoff', 'waitingForAgent', 'talkToPerson'];
export const SMALL_TALK_LABELS: SmallTalkLabel[] = [
  'smalltalk.greeting',
  'smalltalk.thanks',
  'smalltalk.goodbye',
  'smalltalk.are_you_a_bot',
  'smalltalk.ok',
];

/** What the form edits: plain strings (small talk by its text; its quick replies are kept as they are). */
export interface LanguageDraft {
  texts: Record<BotTextKey, string>;
  smallTalk: Record<SmallTalkLabel, string>;
}

export interface TextsDraft {
  languages: Record<BotLanguage, LanguageDraft>;
  builtins: BuiltinSwitches;
}

const fields = <K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> =>
  Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;

const languageDraft = (values: LanguageTexts): LanguageDraft => ({
  texts: fields(BOT_TEXT_KEYS, (key) => values.texts[key]),
  smallTalk: fields(SMALL_TALK_LABELS, (label) => values.smallTalk[label].text),
});

export const draftOf = (values: ConversationTextValues): TextsDraft => ({
  languages: fields(BOT_LANGUAGES, (language) => languageDraft(values.languages[language])),
  builtins: { ...values.builtins },
});

/**
 * How one edited value is sent: left out when unchanged, null when it is back at the default (or emptied), so the
 * override is removed and the bot follows the built-in value again, else the new value.
 */
function changeOf<T>(draft: string, current: string, fallback: string, value: (text: string) => T): T | null | undefined {
  const text = draft.trim();
  if (text === current) return undefined;
  if (text === '' || text === fallback) return current === fallback ? undefined : null;
  return value(text);
}

function languageUpdate(draft: LanguageDraft, current: LanguageTexts, defaults: LanguageTexts): LanguageTextsUpdate | undefined {
  const texts: LanguageTextsUpdate['texts'] = {};
  for (const key of BOT_TEXT_KEYS) {
    const change = changeOf(draft.texts[key], current.texts[key], defaults.texts[key], (text) => text);
    if (change !== undefined) texts[key] = change;
  }
  const smallTalk: LanguageTextsUpdate['smallTalk'] = {};
  for (const label of SMALL_TALK_LABELS) {
    const { quickReplies } = current.smallTalk[label];
    const change = changeOf(draft.smallTalk[label], current.smallTalk[label].text, defaults.smallTalk[label].text, (text) => ({
      text,
      ...(quickReplies ? { quickReplies } : {}),
    }));
    if (change !== undefined) smallTalk[label] = change;
  }
  const update = { ...(Object.keys(texts).length > 0 && { texts }), ...(Object.keys(smallTalk).length > 0 && { smallTalk }) };
  return Object.keys(update).length > 0 ? update : undefined;
}

/** The PUT body that turns the saved texts into the draft; undefined when there is nothing to save. */
export function updateOf(draft: TextsDraft, saved: ConversationTexts): ConversationTextsUpdate | undefined {
  const languages: ConversationTextsUpdate['languages'] = {};
  for (const language of BOT_LANGUAGES) {
    const update = languageUpdate(draft.languages[language], saved.languages[language], saved.defaults.languages[language]);
    if (update) languages[language] = update;
  }
  const builtins: ConversationTextsUpdate['builtins'] = {};
  for (const key of ['smallTalk', 'background'] as const)
    if (draft.builtins[key] !== saved.builtins[key])
      builtins[key] = draft.builtins[key] === saved.defaults.builtins[key] ? null : draft.builtins[key];
  const update = {
    ...(Object.keys(languages).length > 0 && { languages }),
    ...(Object.keys(builtins).length > 0 && { builtins }),
  };
  return Object.keys(update).length > 0 ? update : undefined;
}
