import * as z from 'zod';
import { idSchema, serverPayload } from './primitives.ts';

/** Most sources one knowledge answer lists. */
export const MAX_CITATIONS = 10;

/**
 * A source a knowledge answer used. `number` is the [n] the answer's text cites it by (an extractive answer has
 * one source, number 1). Only absolute http(s) links: a citation becomes a link in the widget and the console.
 * `documentId` is the knowledge document's id, for the console's chunk viewer.
 */
export const citationSchema = serverPayload({
  number: z.int().min(1).max(99),
  title: z.string().min(1).max(500),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  documentId: idSchema,
}).meta({ id: 'Citation' });

export const citationsSchema = z.array(citationSchema).max(MAX_CITATIONS);

/**
 * Ephemeral, never logged or replayed: the next piece of a bot answer still being written (an LLM streaming its
 * tokens). `draftId` names the answer; its final text arrives once as an ordinary logged bot message carrying the
 * same `draftId`, which replaces the draft. A draft whose message never comes (the model failed and the bot
 * answered otherwise) is dropped when the conversation's next logged bot message arrives.
 */
export const answerDraftEventSchema = serverPayload({
  conversationId: idSchema,
  draftId: idSchema,
  /** Text to append to what this draft has shown so far. */
  delta: z.string().max(4_000),
});

export type Citation = z.infer<typeof citationSchema>;
export type AnswerDraftEvent = z.infer<typeof answerDraftEventSchema>;
