import type { AppContext } from '../../app/context.ts';
import { readConversationTexts, updateConversationTexts } from '../../domain/conversation-texts.ts';
import { conversationTextsSchema, conversationTextsUpdateSchema } from '../../domain/conversation-texts-schemas.ts';
import { defineRoute, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';
import { botParamsSchema } from './bot-params.ts';

const noBot = 'No such bot in your workspace';
const TAG = 'Domain';

/** The bot's own texts and small-talk replies per language, and the built-ins its models learn. */
export function conversationTextRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
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
      async handle({ params }, { caller: { operator } }) {
        return { status: 200, body: await readConversationTexts(ctx, await workspaceBot(ctx, operator, params.botId)) };
      },
    }),
    defineRoute({
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
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await updateConversationTexts(ctx, bot, operator, body) };
      },
    }),
  ];
}
