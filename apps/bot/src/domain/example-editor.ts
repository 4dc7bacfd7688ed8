import type { AppContext } from '../app/context.ts';
import type { Bot } from '../db/bot-store.ts';
import type { Operator } from '../db/operator-store.ts';
import { conflict, notFound } from '../conversation/action-error.ts';
import { isUuid } from '../db/uuid.ts';
import type { Example, ExampleLine, TrainingTask } from '@parley/protocol';
import { deleteExample, findExample, hasSameExample, insertEditorExample, updateExample } from '../db/example-store.ts';
import { writeDomain } from './domain-write.ts';
import type { Queryable } from '../db/database.ts';

const duplicate = () => conflict('an example with this text and label already exists for this task');

async function existingExample(tx: Queryable, botId: string, id: string): Promise<Example> {
  const example = isUuid(id) ? await findExample(tx, botId, id) : undefined;
  if (!example) throw notFound('example');
  return example;
}

export function createExample(
  ctx: AppContext,
  bot: Bot,
  operator: Operator,
  input: { task: TrainingTask } & ExampleLine,
): Promise<Example> {
  return writeDomain(ctx, bot.id, operator, async ({ tx }) => {
    if (await hasSameExample(tx, bot.id, input)) throw duplicate();
    const example = await insertEditorExample(tx, { botId: bot.id, operatorId: operator.id, ...input });
    return { result: example, change: { action: 'example.create', detail: { after: example } } };
  });
}

export function patchExample(ctx: AppContext, bot: Bot, operator: Operator, id: string, patch: Partial<ExampleLine>): Promise<Example> {
  return writeDomain(ctx, bot.id, operator, async ({ tx }) => {
    const before = await existingExample(tx, bot.id, id);
    const line = { text: patch.text ?? before.text, label: patch.label ?? before.label, split: patch.split ?? before.split };
    if (await hasSameExample(tx, bot.id, { task: before.task, ...line }, before.id)) throw duplicate();
    const after = await updateExample(tx, bot.id, before.id, line, operator.id);
    return { result: after, change: { action: 'example.update', detail: { before, after } } };
  });
}

export function removeExample(ctx: AppContext, bot: Bot, operator: Operator, id: string): Promise<void> {
  return writeDomain(ctx, bot.id, operator, async ({ tx }) => {
    const before = await existingExample(tx, bot.id, id);
    await deleteExample(tx, bot.id, before.id);
    return { result: undefined, change: { action: 'example.delete', detail: { before } } };
  });
}
