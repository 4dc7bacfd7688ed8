import * as z from 'zod';
import { LIMITS } from '../limits.ts';
import { operatorRefSchema } from '../operator-events.ts';
import { boundedText, idSchema, labelSchema, textSchema } from '../primitives.ts';
import { quickRepliesSchema } from '../quick-replies.ts';
import { botParamsSchema } from './bot-params.ts';
import { defineOperation } from './operation.ts';
import { timestampStringSchema, uuidSchema } from './primitives.ts';
import { queryNumber } from './query-number.ts';

// ── Training examples ───────────────────────────────────────────────────────────────────────────────────────

export const trainingTaskSchema = z.enum(['intent', 'sentiment']).meta({ description: 'Which classifier the example teaches' });
export const exampleSplitSchema = z
  .enum(['train', 'test'])
  .meta({ description: "'test' examples are held out: never trained on, they score every candidate against the live model" });
export const exampleSourceSchema = z.enum(['seed', 'correction', 'import', 'editor']);

export type TrainingTask = z.infer<typeof trainingTaskSchema>;
export type ExampleSplit = z.infer<typeof exampleSplitSchema>;
export type ExampleSource = z.infer<typeof exampleSourceSchema>;

export const exampleSchema = z
  .object({
    id: uuidSchema,
    task: trainingTaskSchema,
    text: z.string(),
    label: z.string(),
    split: exampleSplitSchema,
    source: exampleSourceSchema,
    createdAt: timestampStringSchema,
    createdBy: operatorRefSchema.nullable(),
    messageId: uuidSchema.nullable().meta({ description: 'The customer message a correction came from' }),
  })
  .meta({ id: 'Example' });

export type Example = z.infer<typeof exampleSchema>;

/** One example as files carry it and the editor submits it; a line without a split is trained on. */
export const exampleLineSchema = z.object({ text: textSchema, label: labelSchema, split: exampleSplitSchema.default('train') });
export type ExampleLine = z.output<typeof exampleLineSchema>;

/** The file formats examples are exported and imported in. */
export const EXAMPLE_FORMATS = ['jsonl', 'csv'] as const;
export type ExampleFormat = (typeof EXAMPLE_FORMATS)[number];

/** The media type of an exported file of each format. */
export const EXAMPLE_CONTENT_TYPES: Readonly<Record<ExampleFormat, string>> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Import bodies carry a whole file. */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
export const MAX_EXAMPLES_PAGE = 500;

export const examplesQuerySchema = z.object({
  task: trainingTaskSchema.optional(),
  label: labelSchema.optional(),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Part of the text, any case' }),
  split: exampleSplitSchema.optional(),
  limit: queryNumber(z.int().min(1).max(MAX_EXAMPLES_PAGE), `Page size, at most ${MAX_EXAMPLES_PAGE}; default 100`),
  offset: queryNumber(z.int().min(0), 'Examples to skip; default 0'),
});

export const examplesPageSchema = z.object({ examples: z.array(exampleSchema), total: z.int().min(0) });
export type ExamplesPage = z.infer<typeof examplesPageSchema>;

export const newExampleSchema = z.strictObject({ task: trainingTaskSchema, ...exampleLineSchema.shape }).meta({ id: 'NewExample' });
export type NewExample = z.input<typeof newExampleSchema>;

export const examplePatchSchema = z
  .strictObject({ text: exampleLineSchema.shape.text, label: exampleLineSchema.shape.label, split: exampleSplitSchema })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of text, label, split')
  .meta({ id: 'ExamplePatch' });
export type ExamplePatch = z.input<typeof examplePatchSchema>;

/** One example, as creating or changing it answers. */
export const exampleResultSchema = z.object({ example: exampleSchema });

export const exampleExportQuerySchema = z.object({ task: trainingTaskSchema, format: z.enum(EXAMPLE_FORMATS) });

export const exampleImportSchema = z
  .strictObject({
    task: trainingTaskSchema,
    format: z.enum(EXAMPLE_FORMATS),
    mode: z.enum(['append', 'replace']).meta({
      description:
        "append: add new lines, skipping exact duplicates. replace: the task's seed, import and editor examples are replaced; corrections stay",
    }),
    content: z
      .string()
      .max(IMPORT_BODY_LIMIT)
      .meta({ description: 'The file itself: JSONL lines {"text","label","split"} or CSV text,label,split' }),
  })
  .meta({ id: 'ExampleImport' });
export type ExampleImport = z.input<typeof exampleImportSchema>;

export const importResultSchema = z
  .object({ imported: z.int().min(0), duplicates: z.int().min(0), removed: z.int().min(0) })
  .meta({ id: 'ExampleImportResult' });
export type ImportResult = z.infer<typeof importResultSchema>;

// ── Intents and their answers ───────────────────────────────────────────────────────────────────────────────

/**
 * The bot's reply to a recognised intent (or a built-in small-talk one): the same schema the engine loads answers
 * with, so the editor can store nothing the engine would refuse (the bot checks the two agree).
 */
export const intentAnswerSchema = z.strictObject({ text: textSchema, quickReplies: quickRepliesSchema.optional() }).meta({ id: 'Answer' });
export type IntentAnswer = z.output<typeof intentAnswerSchema>;

/** How clarifying buttons name an intent, so bounded like a quick-reply label (as the engine loads it). */
export const intentDisplayNameSchema = boundedText(LIMITS.quickReplyLabel);

export const intentTranslationSchema = z
  .object({
    displayName: z.string().nullable().meta({ description: 'The name in this language; null: the default-language one' }),
    answer: intentAnswerSchema.nullable().meta({ description: 'The answer in this language; null: the default-language answer is given' }),
  })
  .meta({ id: 'IntentTranslation' });
export type IntentTranslation = z.infer<typeof intentTranslationSchema>;

export const intentSchema = z
  .object({
    name: z.string(),
    displayName: z.string().nullable().meta({ description: 'How clarifying questions name it; null: derived from the name' }),
    trainExamples: z.int().min(0),
    testExamples: z.int().min(0),
    answer: intentAnswerSchema.nullable().meta({ description: "The bot's reply when it recognises the intent; null: none" }),
    translations: z
      .object({ zh: intentTranslationSchema })
      .meta({ description: 'What customers writing another language than English are told and shown' }),
  })
  .meta({ id: 'Intent' });
export type IntentInfo = z.infer<typeof intentSchema>;

export const sentimentLabelSchema = z
  .object({ name: z.string(), trainExamples: z.int().min(0), testExamples: z.int().min(0) })
  .meta({ id: 'SentimentLabel' });
export type SentimentLabelInfo = z.infer<typeof sentimentLabelSchema>;

export const intentsResultSchema = z.object({ intents: z.array(intentSchema), sentimentLabels: z.array(sentimentLabelSchema) });
export type DomainIntents = z.infer<typeof intentsResultSchema>;

/** Absent: unchanged; null: removed. */
export const intentUpdateSchema = z
  .strictObject({
    displayName: intentDisplayNameSchema.nullable().optional(),
    answer: intentAnswerSchema.nullable().optional(),
    translations: z
      .strictObject({
        zh: z
          .strictObject({ displayName: intentDisplayNameSchema.nullable().optional(), answer: intentAnswerSchema.nullable().optional() })
          .optional(),
      })
      .optional()
      .meta({ description: 'Per language, the same fields: absent unchanged, null removed (the English one is used)' }),
  })
  .meta({ id: 'IntentUpdate' });
export type IntentUpdate = z.output<typeof intentUpdateSchema>;

/** One intent, as changing it answers. */
export const intentResultSchema = z.object({ intent: intentSchema });

export const intentParamsSchema = botParamsSchema.extend({ intent: labelSchema.meta({ description: 'The intent label' }) });
export const exampleParamsSchema = botParamsSchema.extend({ exampleId: idSchema.meta({ description: 'The example id (a UUID)' }) });

// ── Operations ──────────────────────────────────────────────────────────────────────────────────────────────

const noBot = 'No such bot in your workspace';
const TAG = 'Domain';

export const domainOperations = {
  listIntents: defineOperation({
    method: 'get',
    path: '/bots/:botId/intents',
    operationId: 'listIntents',
    summary: "The bot's intents (from its examples and its answers) and sentiment labels, with example counts per split",
    tag: TAG,
    access: 'operator',
    params: botParamsSchema,
    responses: { 200: { description: 'Sorted by name', schema: intentsResultSchema } },
    errors: { 404: noBot },
  }),
  updateIntent: defineOperation({
    method: 'put',
    path: '/bots/:botId/intents/:intent',
    operationId: 'updateIntent',
    summary: "Set an intent's display name and answer (absent: unchanged, null: removed); creates the intent when new",
    tag: TAG,
    access: 'admin',
    params: intentParamsSchema,
    body: intentUpdateSchema,
    responses: {
      200: { description: 'The intent as it now stands; the bot answers with it at once', schema: intentResultSchema },
    },
    errors: { 404: noBot },
  }),
  deleteIntent: defineOperation({
    method: 'delete',
    path: '/bots/:botId/intents/:intent',
    operationId: 'deleteIntent',
    summary: 'Remove an intent: its examples (corrections too), its answer and its display name',
    tag: TAG,
    access: 'admin',
    params: intentParamsSchema,
    responses: { 204: { description: 'Removed' } },
    errors: { 404: 'No such bot in your workspace, or no such intent' },
  }),
  listExamples: defineOperation({
    method: 'get',
    path: '/bots/:botId/examples',
    operationId: 'listExamples',
    summary: "One page of the bot's training examples, newest first, and how many match",
    tag: TAG,
    access: 'operator',
    params: botParamsSchema,
    query: examplesQuerySchema,
    responses: { 200: { description: 'A page and the total', schema: examplesPageSchema } },
    errors: { 404: noBot },
  }),
  createExample: defineOperation({
    method: 'post',
    path: '/bots/:botId/examples',
    operationId: 'createExample',
    summary: 'Add a training example (held out from training with split "test")',
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    body: newExampleSchema,
    responses: { 201: { description: 'Added', schema: exampleResultSchema } },
    errors: { 404: noBot, 409: 'conflict: the task already has an example with this text and label' },
  }),
  updateExample: defineOperation({
    method: 'patch',
    path: '/bots/:botId/examples/:exampleId',
    operationId: 'updateExample',
    summary: "Change an example's text, label or split",
    tag: TAG,
    access: 'admin',
    params: exampleParamsSchema,
    body: examplePatchSchema,
    responses: { 200: { description: 'The example as it now stands', schema: exampleResultSchema } },
    errors: {
      404: 'No such bot in your workspace, or no such example of it',
      409: 'conflict: the change would duplicate another example',
    },
  }),
  deleteExample: defineOperation({
    method: 'delete',
    path: '/bots/:botId/examples/:exampleId',
    operationId: 'deleteExample',
    summary: 'Remove a training example',
    tag: TAG,
    access: 'admin',
    params: exampleParamsSchema,
    responses: { 204: { description: 'Removed' } },
    errors: { 404: 'No such bot in your workspace, or no such example of it' },
  }),
  exportExamples: defineOperation({
    method: 'get',
    path: '/bots/:botId/examples/export',
    operationId: 'exportExamples',
    summary: "Download a task's examples as JSONL or CSV (what import reads back)",
    tag: TAG,
    access: 'operator',
    params: botParamsSchema,
    query: exampleExportQuerySchema,
    responses: {
      200: {
        description: 'The file, as an attachment: JSONL lines {"text","label","split"}, or CSV with the header text,label,split',
        schema: z.string(),
        mediaTypes: Object.values(EXAMPLE_CONTENT_TYPES),
      },
    },
    errors: { 404: noBot },
  }),
  importExamples: defineOperation({
    method: 'post',
    path: '/bots/:botId/examples/import',
    operationId: 'importExamples',
    summary: 'Import a JSONL or CSV file of examples, all or nothing (up to 5 MB)',
    tag: TAG,
    access: 'admin',
    params: botParamsSchema,
    body: exampleImportSchema,
    bodyLimit: IMPORT_BODY_LIMIT,
    responses: { 200: { description: 'What was stored, skipped and removed', schema: importResultSchema } },
    errors: { 404: noBot },
  }),
};
