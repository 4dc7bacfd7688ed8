import type { Database } from '@parley/bot';
import { addTrainingExamples, createOperator, TINY_HELD_OUT, tinyTrainingData } from '@parley/bot/testing';
import { seedBot, withDatabase, type SeededBot } from './seed-bot.ts';

export interface Login {
  email: string;
  password: string;
}

export interface ConsoleSeed extends SeededBot {
  admin: Login;
  agent: Login;
}

/**
 * The widget's bot (seedBot) with what the console works on: an admin and an agent, and the tiny model's own
 * training examples stored as the bot's domain, plus its held-out ones as the test split, so a retrain from the
 * console starts from the data the live model was trained on and both are scored on the same examples.
 */
export function seedConsoleBot(databaseUrl: string, allowedOrigins: string[]): Promise<ConsoleSeed> {
  return withDatabase(databaseUrl, async (db: Database) => {
    const bot = await seedBot(db, allowedOrigins);
    const admin = { email: 'lead@shop.test', password: 'admin-password-1' };
    const agent = { email: 'agent@shop.test', password: 'agent-password-1' };
    await createOperator(db, { workspaceId: bot.workspaceId, ...admin, displayName: 'Lea Lead', role: 'admin' });
    await createOperator(db, { workspaceId: bot.workspaceId, ...agent, displayName: 'Sam Agent', role: 'agent' });
    const data = tinyTrainingData();
    await addTrainingExamples(db, { botId: bot.botId, task: 'intent', source: 'seed', examples: data.intents });
    await addTrainingExamples(db, { botId: bot.botId, task: 'sentiment', source: 'seed', examples: data.sentiment });
    await addTrainingExamples(db, { botId: bot.botId, task: 'intent', source: 'seed', split: 'test', examples: TINY_HELD_OUT });
    return { ...bot, admin, agent };
  });
}
