import type { AppContext } from '../app/context.ts';
import { findBot, type Bot } from '../db/bot-store.ts';
import type { Operator } from '../db/operator-store.ts';
import { isUuid } from '../db/uuid.ts';
import { notFound } from '../conversation/action-error.ts';

/** A bot of the operator's workspace; another workspace's bot is reported exactly like a missing one. */
export async function workspaceBot(ctx: AppContext, operator: Operator, botId: string): Promise<Bot> {
  const bot = isUuid(botId) ? await findBot(ctx.db, botId) : undefined;
  if (!bot || bot.workspaceId !== operator.workspaceId) throw notFound('bot');
  return bot;
}
