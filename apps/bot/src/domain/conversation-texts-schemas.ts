import { SMALL_TALK_KINDS, SMALL_TALK_PREFIX, type Language } from '@parley/model';
import { z } from 'zod';
import { botConfigSchema } from '../engine/bot-config.ts';
import { answerSchema } from './domain-schemas.ts';

/** The languages the bot speaks: English, the default, and those with a locale in the bot config. */
export const CONVERSATION_LANGUAGES = ['en', 'zh'] as const satisfies readonly Language[];

// The engine's own schema of each text (its defaults stripped), so the editor accepts nothing the engine would
// refuse to load and errors name the field as the client wrote it.
const engineTexts = botConfigSchema.shape.texts.unwrap().shape;
const textSchemas = {
  fallback: engineTexts.fallback.unwrap().meta({ description: 'When the bot has no answer: asks the customer to rephrase' }),
  clarify: engineTexts.clarify
    .unwrap()
    .meta({ description: 'Asks which of two intents the customer meant; {option1} and {option2} are their display names' }),
  handoff: engineTexts.handoff.unwrap().meta({ description: 'When the conversation is handed to a person' }),
  waitingForAgent: engineTexts.waitingForAgent.unwrap().meta({ description: 'To a customer who writes while waiting for a person' }),
  talkToPerson: engineTexts.talkToPerson.unwrap().meta({ description: "The quick reply added to an upset customer's answer" }),
};

export type TextKey = keyof typeof textSchemas;
export const TEXT_KEYS = Object.keys(textSchemas) as TextKey[];

/** The built-in small-talk intents: the only ones every model of the bot can predict (builtins.smallTalk). */
export const SMALL_TALK_LABELS = SMALL_TALK_KINDS.map((kind) => `${SMALL_TALK_PREFIX}${kind}` as const);
export type SmallTalkLabel = (typeof SMALL_TALK_LABELS)[number];

/** One schema per key, as an object shape: every key listed, so an unknown one is refused by name. */
export const fieldsOf = <K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> =>
  Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;

const languageTextsSchema = z
  .object({
    texts: z.object(textSchemas),
    smallTalk: z.object(fieldsOf(SMALL_TALK_LABELS, () => answerSchema)),
  })
  .meta({ id: 'LanguageTexts' });

const valuesSchema = z.object({
  languages: z.object(fieldsOf(CONVERSATION_LANGUAGES, () => languageTextsSchema)),
  builtins: z.object({
    smallTalk: z.boolean().meta({ description: 'Every model also learns greetings, thanks, goodbyes, "are you a bot" and "ok"' }),
    background: z.boolean().meta({ description: "Every model also learns other domains' messages and keyboard mash as out of scope" }),
  }),
});

export type ConversationTextValues = z.output<typeof valuesSchema>;

export const conversationTextsSchema = valuesSchema
  .extend({ defaults: valuesSchema.meta({ description: 'The built-in values: what each entry is reset to' }) })
  .meta({ id: 'ConversationTexts' });

export type ConversationTexts = z.output<typeof conversationTextsSchema>;

/** Absent: unchanged; null: the owner's value removed, the default in force again. */
const languageTextsUpdateSchema = z.strictObject({
  texts: z.strictObject(fieldsOf(TEXT_KEYS, (key) => textSchemas[key].nullable().optional())).optional(),
  smallTalk: z.strictObject(fieldsOf(SMALL_TALK_LABELS, () => answerSchema.nullable().optional())).optional(),
});

export const conversationTextsUpdateSchema = z
  .strictObject({
    languages: z.strictObject(fieldsOf(CONVERSATION_LANGUAGES, () => languageTextsUpdateSchema.optional())).optional(),
    builtins: z.strictObject({ smallTalk: z.boolean().nullable().optional(), background: z.boolean().nullable().optional() }).optional(),
  })
  .meta({ id: 'ConversationTextsUpdate' });

export type ConversationTextsUpdate = z.output<typeof conversationTextsUpdateSchema>;
