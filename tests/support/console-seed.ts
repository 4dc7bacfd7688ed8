import type { Database } from '@parley/bot';
import { addTrainingExamples, createOperator, tinyTrainingData } from '@parley/bot/testing';
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
 * Held out from training: what the live model and every candidate are scored on. Plain phrasings of each intent, so
 * the comparison measures the new intent rather than noise.
 */
const HELD_OUT = {
  track_order: ['where is my parcel', 'track my order please'],
  cancel_order: ['cancel my purchase', 'I want to cancel this order'],
  get_refund: ['I want a refund', 'refund my money'],
  human_agent: ['talk to a person please', 'I need a human'],
  change_address: ['change my delivery address', 'update my address'],
};

const examplesOf = (byLabel: Record<string, string[]>) =>
  Object.entries(byLabel).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));

/**
 * The widget's bot (seedBot) with what the console works on: an admin and an agent, and the tiny model's own
 * training examples stored as the bot's domain, plus held-out ones, so a retrain from the console starts from the
 * data the live model was trained on.
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
    await addTrainingExamples(db, { botId: bot.botId, task: 'intent', source: 'seed', split: 'test', examples: examplesOf(HELD_OUT) });
    return { ...bot, admin, agent };
  });
}
