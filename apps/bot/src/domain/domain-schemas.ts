import { labelSchema, operatorRefSchema, textSchema } from '@parley/protocol';
import { z } from 'zod';
import { botConfigSchema } from '../engine/bot-config.ts';
import { timestampStringSchema, uuidSchema } from '@parley/protocol';

export const taskSchema = z.enum(['intent', 'sentiment']).meta({ description: 'Which classifier the example teaches' });
export const splitSchema = z
  .enum(['train', 'test'])
  .meta({ description: "'test' examples are held out: never trained on, they score every candidate against the live model" });
export const exampleSourceSchema = z.enum(['seed', 'correction', 'import', 'editor']);

export type TrainingTask = z.infer<typeof taskSchema>;
export type ExampleSplit = z.infer<typeof splitSchema>;
export type ExampleSource = z.infer<typeof exampleSourceSchema>;

export const exampleSchema = z
  .object({
    id: uuidSchema,
    task: taskSchema,
    text: z.string(),
    label: z.string(),
    split: splitSchema,
    source: exampleSourceSchema,
    createdAt: timestampStringSchema,
    createdBy: operatorRefSchema.nullable(),
    messageId: uuidSchema.nullable().meta({ description: 'The customer message a correction came from' }),
  })
  .meta({ id: 'Example' });

export type Example = z.infer<typeof exampleSchema>;

/** One example as files carry it and the editor submits it; a line without a split is trained on. */
export const exampleLineSchema = z.object({ text: textSchema, label: labelSchema, split: splitSchema.default('train') });
export type ExampleLine = z.output<typeof exampleLineSchema>;

// The engine's own schemas for one answer and one display name, so the editor can store nothing the engine
// would refuse to load.
export const answerSchema = botConfigSchema.shape.answers.unwrap().valueType.meta({ id: 'Answer' });
export const intentDisplayNameSchema = botConfigSchema.shape.intentDisplayNames.unwrap().valueType;
export type Answer = z.output<typeof answerSchema>;

export const intentTranslationSchema = z
  .object({
    displayName: z.string().nullable().meta({ description: 'The name in this language; null: the default-language one' }),
    answer: answerSchema.nullable().meta({ description: 'The answer in this language; null: the default-language answer is given' }),
  })
  .meta({ id: 'IntentTranslation' });

export const intentSchema = z
  .object({
    name: z.string(),
    displayName: z.string().nullable().meta({ description: 'How clarifying questions name it; null: derived from the name' }),
    trainExamples: z.int().min(0),
    testExamples: z.int().min(0),
    answer: answerSchema.nullable().meta({ description: "The bot's reply when it recognises the intent; null: none" }),
    translations: z
      .object({ zh: intentTranslationSchema })
      .meta({ description: 'What customers writing another language than English are told and shown' }),
  })
  .meta({ id: 'Intent' });

export type Intent = z.infer<typeof intentSchema>;

export const sentimentLabelSchema = z
  .object({ name: z.string(), trainExamples: z.int().min(0), testExamples: z.int().min(0) })
  .meta({ id: 'SentimentLabel' });

export type SentimentLabel = z.infer<typeof sentimentLabelSchema>;

/** Absent: unchanged; null: removed. */
export const intentUpdateSchema = z
  .strictObject({
    displayName: intentDisplayNameSchema.nullable().optional(),
    answer: answerSchema.nullable().optional(),
    translations: z
      .strictObject({
        zh: z
          .strictObject({ displayName: intentDisplayNameSchema.nullable().optional(), answer: answerSchema.nullable().optional() })
          .optional(),
      })
      .optional()
      .meta({ description: 'Per language, the same fields: absent unchanged, null removed (the English one is used)' }),
  })
  .meta({ id: 'IntentUpdate' });

export type IntentUpdate = z.output<typeof intentUpdateSchema>;
