import type { AppContext } from '../app/context.ts';
import { lockBotConfig } from '../db/bot-store.ts';
import type { Queryable } from '../db/database.ts';
import { recordDomainChange } from '../db/domain-change-store.ts';
import type { Operator } from '../db/operator-store.ts';

/** What a domain write did, for the audit trail: an action name and its before/after. */
export interface DomainChange {
  action:
    | 'intent.update'
    | 'intent.delete'
    | 'example.create'
    | 'example.update'
    | 'example.delete'
    | 'examples.import'
    | 'conversation_texts.update';
  detail: Record<string, unknown>;
}

export interface DomainWriteScope {
  tx: Queryable;
  /** The bot's raw `bots.config`, read under the row lock. */
  config: Record<string, unknown>;
}

/**
 * Runs one edit of a bot's domain in a transaction, with the bot row locked so concurrent edits of the same bot
 * (a duplicate check and its insert, a config read and its write) run one after another, and appends its
 * `domain_changes` row in the same transaction: an edit and its audit are stored together or not at all.
 */
export function writeDomain<T>(
  ctx: AppContext,
  botId: string,
  operator: Operator,
  edit: (scope: DomainWriteScope) => Promise<{ result: T; change: DomainChange }>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const { result, change } = await edit({ tx, config: await lockBotConfig(tx, botId) });
    await recordDomainChange(tx, botId, operator.id, change);
    return result;
  });
}
