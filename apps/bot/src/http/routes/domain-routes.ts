import { EXAMPLE_CONTENT_TYPES, restOperations, type IntentAnswer, type IntentUpdate } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import type { BotAnswer, BotConfigInput } from '../../engine/bot-config.ts';
import { createExample, patchExample, removeExample } from '../../domain/example-editor.ts';
import { formatExamples } from '../../domain/example-files.ts';
import { importExamples } from '../../domain/example-import.ts';
import { exampleLines, listExamples } from '../../db/example-store.ts';
import { deleteIntent, updateIntent } from '../../domain/intent-editor.ts';
import { listIntents } from '../../domain/intent-catalog.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';

// The protocol's answers and display names are exactly what the engine loads, so the editor can store nothing the
// engine would refuse.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const answersMatch: Same<IntentAnswer, BotAnswer> = true;
const displayNamesMatch: Same<NonNullable<IntentUpdate['displayName']>, NonNullable<BotConfigInput['intentDisplayNames']>[string]> = true;
void answersMatch;
void displayNamesMatch;

export function domainRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.listIntents, {
      async handle({ params }, { caller: { operator } }) {
        return { status: 200, body: await listIntents(ctx, await workspaceBot(ctx, operator, params.botId)) };
      },
    }),
    implement(restOperations.updateIntent, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { intent: await updateIntent(ctx, bot, operator, params.intent, body) } };
      },
    }),
    implement(restOperations.deleteIntent, {
      async handle({ params }, { caller: { operator } }) {
        await deleteIntent(ctx, await workspaceBot(ctx, operator, params.botId), operator, params.intent);
        return { status: 204 };
      },
    }),
    implement(restOperations.listExamples, {
      async handle({ params, query: { limit = 100, offset = 0, ...filter } }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await listExamples(ctx.db, bot.id, filter, { limit, offset }) };
      },
    }),
    implement(restOperations.createExample, {
      async handle({ params, body: { task, ...line } }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 201, body: { example: await createExample(ctx, bot, operator, { task, ...line }) } };
      },
    }),
    implement(restOperations.updateExample, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: { example: await patchExample(ctx, bot, operator, params.exampleId, body) } };
      },
    }),
    implement(restOperations.deleteExample, {
      async handle({ params }, { caller: { operator } }) {
        await removeExample(ctx, await workspaceBot(ctx, operator, params.botId), operator, params.exampleId);
        return { status: 204 };
      },
    }),
    implement(restOperations.exportExamples, {
      async handle({ params, query }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        const content = formatExamples(await exampleLines(ctx.db, bot.id, query.task), query.format);
        const filename = `${query.task}-examples.${query.format}`;
        return { status: 200, attachment: { filename, contentType: EXAMPLE_CONTENT_TYPES[query.format], content } };
      },
    }),
    implement(restOperations.importExamples, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await importExamples(ctx, bot, operator, body) };
      },
    }),
  ];
}
