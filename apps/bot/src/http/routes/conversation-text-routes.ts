import type { Language, SMALL_TALK_KINDS, SMALL_TALK_PREFIX } from '@parley/model';
import { restOperations, type CONVERSATION_LANGUAGES, type SmallTalkLabel, type TEXT_KEYS } from '@parley/protocol';
import type { AppContext } from '../../app/context.ts';
import { readConversationTexts, updateConversationTexts } from '../../domain/conversation-texts.ts';
import { implement, type AnyRoute } from '../api-route.ts';
import { workspaceBot } from '../workspace-bot.ts';
import type { BotConfig } from '../../engine/bot-config.ts';

// The protocol's languages, texts and small-talk labels are exactly the engine's and the model's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const languagesMatch: Same<(typeof CONVERSATION_LANGUAGES)[number], Language> = true;
const textKeysMatch: Same<(typeof TEXT_KEYS)[number], keyof BotConfig['texts']> = true;
const smallTalkMatch: Same<SmallTalkLabel, `${typeof SMALL_TALK_PREFIX}${(typeof SMALL_TALK_KINDS)[number]}`> = true;
void languagesMatch;
void textKeysMatch;
void smallTalkMatch;

/** The bot's own texts and small-talk replies per language, and the built-ins its models learn. */
export function conversationTextRoutes(ctx: AppContext): AnyRoute[] {
  return [
    implement(restOperations.getConversationTexts, {
      async handle({ params }, { caller: { operator } }) {
        return { status: 200, body: await readConversationTexts(ctx, await workspaceBot(ctx, operator, params.botId)) };
      },
    }),
    implement(restOperations.updateConversationTexts, {
      async handle({ params, body }, { caller: { operator } }) {
        const bot = await workspaceBot(ctx, operator, params.botId);
        return { status: 200, body: await updateConversationTexts(ctx, bot, operator, body) };
      },
    }),
  ];
}
