import type { DomainChange } from '../domain/domain-write.ts';
import type { Queryable } from './database.ts';

/** Appends a row to a bot's `domain_changes` audit trail: who did what, with its before/after. */
export async function recordDomainChange(db: Queryable, botId: string, operatorId: string, change: DomainChange): Promise<void> {
  await db.query('INSERT INTO domain_changes (bot_id, operator_id, action, detail) VALUES ($1, $2, $3, $4::jsonb)', [
    botId,
    operatorId,
    change.action,
    JSON.stringify(change.detail),
  ]);
}
