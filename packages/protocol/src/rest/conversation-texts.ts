import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { boundedText, textSchema } from '../primitives.ts';
import { botParamsSchema } from './bot-params.ts';
import { intentAnswerSchema } from './domain.ts';
import { defineOperation } from './operation.ts';

/** The languages the bot speaks: English, the default, and those with a locale in the bot config. */
export const CONVERSATION_LANGUAGES = ['en', 'zh'] as const;
export type BotLanguage = (typeof CONVERSATION_LANGUAGES)[number];

// Each text as the engine loads it (its defaults aside; the bot checks the two agree), so the editor accepts
// nothing the engine would refuse to load and errors name the field as the client wrote it.
const textSchemas = {
  fallback: textSchema.meta({ description: 'When the bot has no answer: asks the customer to rephrase' }),
  clarify: textSchema.meta({
    description: 'Asks which of two intents the customer meant; {option1} and {option2} are their display names',
  }),
  handoff: textSchema.meta({ description: 'When the conversation is handed to a person' }),
  waitingForAgent: textSchema.meta({ description: 'To a customer who writes while waiting for a person' }),
  talkToPerson: boundedText(LIMITS.quickReplyLabel).meta({ description: "The quick reply added to an upset customer's answer" }),
};

export type BotTextKey = keyof typeof textSchemas;
export const TEXT_KEYS = Object.keys(textSchemas) as BotTextKey[];

/** The built-in small-talk intents: the only ones every model of the bot can predict (builtins.smallTalk). */
export const SMALL_TALK_LABELS = [
  'smalltalk.greeting',
  'smalltalk.thanks',
  'smalltalk.goodbye',
  'smalltalk.are_you_a_bot',
  'smalltalk.ok',
] as const;
export type SmallTalkLabel = (typeof SMALL_TALK_LABELS)[number];

/** One schema per key, as an object shape: every key listed, so an unknown one is refused by name. */
export const fieldsOf = <K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> =>
  Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;

/** A reply to a built-in small-talk intent: the same shape as an intent's answer. */
export type BotReplyText = z.output<typeof intentAnswerSchema>;

export const languageTextsSchema = z
  .object({
    texts: z.object(textSchemas),
    smallTalk: z.object(fieldsOf(SMALL_TALK_LABELS, () => intentAnswerSchema)),
  })
  .meta({ id: 'LanguageTexts' });
export type LanguageTexts = z.output<typeof languageTextsSchema>;

const valuesSchema = z.object({
  languages: z.object(fieldsOf(CONVERSATION_LANGUAGES, () => languageTextsSchema)),
  builtins: z.object({
    smallTalk: z.boolean().meta({ description: 'Every model also learns greetings, thanks, goodbyes, "are you a bot" and "ok"' }),
    background: z.boolean().meta({ description: "Every model also learns other domains' messages and keyboard mash as out of scope" }),
  }),
});

export type ConversationTextValues = z.output<typeof valuesSchema>;
export type BuiltinSwitches = ConversationTextValues['builtins'];

export const conversationTextsSchema = valuesSchema
  .extend({ defaults: valuesSchema.meta({ description: 'The built-in values: what each entry is reset to' }) })
  .meta({ id: 'ConversationTexts' });

export type ConversationTexts = z.output<typeof conversationTextsSchema>;

/** Absent: unchanged; null: the owner's value removed, the default in force again. */
const languageTextsUpdateSchema = z.strictObject({
  texts: z.strictObject(fieldsOf(TEXT_KEYS, (key) => textSchemas[key].nullable().optional())).optional(),
  smallTalk: z.strictObject(fieldsOf(SMALL_TALK_LABELS, () => intentAnswerSchema.nullable().optional())).optional(),
});
export type LanguageTextsUpdate = z.output<typeof languageTextsUpdateSchema>;

export const conversationTextsUpdateSchema = z
  .strictObject({
    languages: z.strictObject(fieldsOf(CONVERSATION_LANGUAGES, () => languageTextsUpdateSchema.optional())).optional(),
    builtins: z.strictObject({ smallTalk: z.boolean().nullable().optional(), background: z.boolean().nullable().optional() }).optional(),
  })
  .meta({ id: 'ConversationTextsUpdate' });

export type ConversationTextsUpdate = z.output<typeof conversationTextsUpdateSchema>;

const noBot = 'No such bot in your workspace';
const TAG = 'Domain';

/** The bot's own texts and small-talk replies per language, and the built-ins its models learn. */
export const conversationTextOperations = {
  getConversationTexts: defineOperation({
    method: 'get',
    path: '/bots/:botId/conversation-texts',
    operationId: 'getConversationTexts',
    summary:
      'What the bot says in each language (its texts and small-talk replies) and which built-ins its models learn, with the defaults',
    tag: TAG,
    access: 'operator',
    params: botParamsSchema,
    responses: {
      200: { description: 'The values in force, defaults applied, and the defaults themselves', schema: conversationTextsSchema },
    },
    errors: { 404: noBot },
  }),
  updateConversationTexts: defineOperation({
    method: 'put',
    path: '/bots/:botId/conversation-texts',
    operationId: 'updateConversationTexts',
    summary: "Change some of the bot's texts, small-talk replies or built-in switches (absent: unchanged, null: back to the default)",
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    body: conversationTextsUpdateSchema,
    responses: {
      200: {
        description: 'As GET answers, after the change; texts apply from the next turn, built-ins from the next retrain',
        schema: conversationTextsSchema,
      },
    },
    errors: { 404: noBot },
  }),
};
