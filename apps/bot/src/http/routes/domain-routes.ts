import { idSchema, labelSchema } from '@parley/protocol';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  exampleLineSchema,
  exampleSchema,
  intentSchema,
  intentUpdateSchema,
  sentimentLabelSchema,
  splitSchema,
  taskSchema,
} from '../../domain/domain-schemas.ts';
import { createExample, patchExample, removeExample } from '../../domain/example-editor.ts';
import { CONTENT_TYPES, EXAMPLE_FORMATS, formatExamples } from '../../domain/example-files.ts';
import { importExamples } from '../../domain/example-import.ts';
import { exampleLines, listExamples } from '../../domain/example-store.ts';
import { deleteIntent, updateIntent } from '../../domain/intent-editor.ts';
import { listIntents } from '../../domain/intent-catalog.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';
import { queryNumber } from './query-number.ts';

/** Import bodies carry a whole file. */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
const MAX_EXAMPLES_PAGE = 500;

const intentParamsSchema = botParamsSchema.extend({ intent: labelSchema.meta({ description: 'The intent label' }) });
const exampleParamsSchema = botParamsSchema.extend({ exampleId: idSchema.meta({ description: 'The example id (a UUID)' }) });

export const examplesQuerySchema = z.object({
  task: taskSchema.optional(),
  label: labelSchema.optional(),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Part of the text, any case' }),
  split: splitSchema.optional(),
  limit: queryNumber(z.int().min(1).max(MAX_EXAMPLES_PAGE), `Page size, at most ${MAX_EXAMPLES_PAGE}; default 100`),
  offset: queryNumber(z.int().min(0), 'Examples to skip; default 0'),
});

export const newExampleSchema = z.strictObject({ task: taskSchema, ...exampleLineSchema.shape }).meta({ id: 'NewExample' });
export const examplePatchSchema = z
  .strictObject({ text: exampleLineSchema.shape.text, label: exampleLineSchema.shape.label, split: splitSchema })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of text, label, split')
  .meta({ id: 'ExamplePatch' });

const exportQuerySchema = z.object({ task: taskSchema, format: z.enum(EXAMPLE_FORMATS) });

export const importSchema = z
  .strictObject({
    task: taskSchema,
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

export const importResultSchema = z
  .object({ imported: z.int().min(0), duplicates: z.int().min(0), removed: z.int().min(0) })
  .meta({ id: 'ExampleImportResult' });

export const intentsResultSchema = z.object({ intents: z.array(intentSchema), sentimentLabels: z.array(sentimentLabelSchema) });
export const examplesPageSchema = z.object({ examples: z.array(exampleSchema), total: z.int().min(0) });

const noBot = 'No such bot in your workspace';
const TAG = 'Domain';

export function domainRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/bots/:botId/intents',
      operationId: 'listIntents',
      summary: "The bot's intents (from its examples and its answers) and sentiment labels, with example counts per split",
      tag: TAG,
      access: 'operator',
      params: botParamsSchema,
      responses: { 200: { description: 'Sorted by name', schema: intentsResultSchema } },
      errors: { 404: noBot },
      async handle({ params }, { caller: { operator } }) {
        return { status: 200, body: await listIntents(ctx, await workspaceBot(ctx, operator, params.botId)) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/bots/:botId/intents/:intent',
      operationId: 'updateIntent',
      summary: "Set an intent's display name and answer (absent: unchanged, null: removed); creates the intent when new",
      tag: TAG,
      access: 'admin',
      params: intentParamsSchema,
      body: intentUpdateSchema,
      responses: {
        200: { description: 'The intent as it now stands; the bot answers with it at once', schema: z.object({ intent: intentSchema }) },
      },
      errors: { 404: noBot },
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { intent: await updateIntent(ctx, bot, operator, params.intent, body) } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/bots/:botId/intents/:intent',
      operationId: 'deleteIntent',
      summary: 'Remove an intent: its examples (corrections too), its answer and its display name',
      tag: TAG,
      access: 'admin',
      params: intentParamsSchema,
      responses: { 204: { description: 'Removed' } },
      errors: { 404: 'No such bot in your workspace, or no such intent' },
      async handle({ params }, { caller: { operator } }) {
        await deleteIntent(ctx, await workspaceBot(ctx, operator, params.botId), operator, params.intent);
        return { status: 204 };
      },
    }),
    defineRoute({
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
      async handle({ params, query: { limit = 100, offset = 0, ...filter } }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await listExamples(ctx.db, bot.id, filter, { limit, offset }) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bots/:botId/examples',
      operationId: 'createExample',
      summary: 'Add a training example (held out from training with split "test")',
      tag: TAG,
      access: 'admin',
      params: botParamsSchema,
      body: newExampleSchema,
      responses: { 201: { description: 'Added', schema: z.object({ example: exampleSchema }) } },
      errors: { 404: noBot, 409: 'conflict: the task already has an example with this text and label' },
      async handle({ params, body: { task, ...line } }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 201, body: { example: await createExample(ctx, bot, operator, { task, ...line }) } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/bots/:botId/examples/:exampleId',
      operationId: 'updateExample',
      summary: "Change an example's text, label or split",
      tag: TAG,
      access: 'admin',
      params: exampleParamsSchema,
      body: examplePatchSchema,
      responses: { 200: { description: 'The example as it now stands', schema: z.object({ example: exampleSchema }) } },
      errors: {
        404: 'No such bot in your workspace, or no such example of it',
        409: 'conflict: the change would duplicate another example',
      },
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { example: await patchExample(ctx, bot, operator, params.exampleId, body) } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/bots/:botId/examples/:exampleId',
      operationId: 'deleteExample',
      summary: 'Remove a training example',
      tag: TAG,
      access: 'admin',
      params: exampleParamsSchema,
      responses: { 204: { description: 'Removed' } },
      errors: { 404: 'No such bot in your workspace, or no such example of it' },
      async handle({ params }, { caller: { operator } }) {
        await removeExample(ctx, await workspaceBot(ctx, operator, params.botId), operator, params.exampleId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bots/:botId/examples/export',
      operationId: 'exportExamples',
      summary: "Download a task's examples as JSONL or CSV (what import reads back)",
      tag: TAG,
      access: 'operator',
      params: botParamsSchema,
      query: exportQuerySchema,
      responses: {
        200: {
          description: 'The file, as an attachment: JSONL lines {"text","label","split"}, or CSV with the header text,label,split',
          schema: z.string(),
          mediaTypes: Object.values(CONTENT_TYPES),
        },
      },
      errors: { 404: noBot },
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const content = formatExamples(await exampleLines(ctx.db, bot.id, query.task), query.format);
        const filename = `${query.task}-examples.${query.format}`;
        return { status: 200, attachment: { filename, contentType: CONTENT_TYPES[query.format], content } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bots/:botId/examples/import',
      operationId: 'importExamples',
      summary: 'Import a JSONL or CSV file of examples, all or nothing (up to 5 MB)',
      tag: TAG,
      access: 'admin',
      params: botParamsSchema,
      body: importSchema,
      bodyLimit: IMPORT_BODY_LIMIT,
      responses: { 200: { description: 'What was stored, skipped and removed', schema: importResultSchema } },
      errors: { 404: noBot },
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await importExamples(ctx, bot, operator, body) };
      },
    }),
  ];
}
