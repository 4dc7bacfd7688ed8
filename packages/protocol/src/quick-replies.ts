import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { boundedText, idSchema, serverPayload } from './primitives.ts';

/** The machine value a quick-reply button sends back; the label is only what the customer sees. */
export const quickReplyValueSchema = boundedText(LIMITS.quickReplyValue);

export const quickReplySchema = serverPayload({
  label: boundedText(LIMITS.quickReplyLabel),
  value: quickReplyValueSchema,
});

export const quickRepliesSchema = z.array(quickReplySchema).min(1).max(LIMITS.quickRepliesPerMessage);

/** On a customer message that was a button press: which bot message offered it and the value chosen. */
export const quickReplyAnswerSchema = serverPayload({
  messageId: idSchema,
  value: quickReplyValueSchema,
});

export type QuickReply = z.infer<typeof quickReplySchema>;
export type QuickReplyAnswer = z.infer<typeof quickReplyAnswerSchema>;
