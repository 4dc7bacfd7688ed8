import type { ProgressListener } from '@parley/model';
import type { Logger } from 'pino';
import { newSecret } from '../auth/secret-token.ts';
import { lockForTransaction } from '../db/advisory-lock.ts';
import { apiKeyExists, createApiKey } from '../db/api-key-store.ts';
import { createBot, createWorkspace, findBot, type Bot } from '../db/bot-store.ts';
import type { Database, Queryable } from '../db/database.ts';
import {
  addTrainingExamples,
  countTrainingExamples,
  findBotIdByNames,
  findOperatorByEmail,
  setOperatorPassword,
} from '../db/demo-store.ts';
import { authenticateOperator, createOperator } from '../db/operator-store.ts';
import { parseBotConfig } from '../engine/bot-config.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { credentialsFile, readDemoCredentials, writeDemoCredentials, type DemoCredentials } from './demo-credentials.ts';
import { loadDemoData, type DemoData } from './demo-data.ts';
import { trainBotModel } from './train-bot-model.ts';

export const DEMO_WORKSPACE_NAME = 'Demo';
export const DEMO_BOT_NAME = 'Parley Demo';
export const DEMO_OPERATOR_EMAIL = 'admin@parley.local';
const DEMO_OPERATOR_NAME = 'Demo Admin';
// Serialises seeding between servers sharing one PostgreSQL; any fixed number unlikely to collide will do.
const SEED_LOCK_KEY = 7_318_204_551;

export interface DemoInfo {
  workspaceId: string;
  botId: string;
  publicKey: string;
  operatorEmail: string;
  operatorPassword: string;
  /**
   * Whether this start created the operator or gave it a new password: the one start that should print the
   * password. Later starts point at `credentialsFile` instead, so it does not end up in every start's output.
   */
  passwordIsNew: boolean;
  /** Where the password (and the API key the demo made) is kept, readable by the server's user alone. */
  credentialsFile: string;
  /** PARLEY_DEMO_API_KEY when set, else the random key the demo made. */
  apiKey?: string;
}

export interface EnsureDemoOptions {
  db: Database;
  models: ModelRegistry;
  /** Where demo-credentials.json and the trained models are kept. */
  dataDir: string;
  /** A fixed API key (PARLEY_DEMO_API_KEY); added to the bot if no key with this value exists yet. */
  demoApiKey?: string | undefined;
  /** A fixed operator password; replaces the stored one when it differs. */
  demoOperatorPassword?: string | undefined;
  logger: Logger;
  onProgress?: ProgressListener | undefined;
  /** The vendored demo data; tests point it elsewhere. */
  demoDataDir?: string;
}

/**
 * Makes sure the demo exists: the "Demo" workspace with the "Parley Demo" bot answering Bitext's 27
 * customer-support intents, an admin operator, an API key, the seed training examples, and a live model (trained
 * here, ~100 s on 2 cores, when the bot has none). Safe to call on every start: what exists is found, not made again.
 */
export async function ensureDemo(options: EnsureDemoOptions): Promise<DemoInfo> {
  const { db, logger } = options;
  const data = await loadDemoData(options.demoDataDir);
  const config = demoBotConfig(data);

  const stored = await readDemoCredentials(options.dataDir);
  let bot = stored && (await findBot(db, stored.botId));
  // Credentials of another database (DATABASE_URL changed) or a reset one: their password and key are void.
  const credentials = bot ? stored : undefined;
  bot ??= await seedBot(db, data, config, logger);
  // A demo database from before the held-out split existed gets it now.
  await db.transaction(async (tx) => {
    await lockForTransaction(tx, SEED_LOCK_KEY);
    await ensureSeedExamples(tx, bot.id, data);
  });

  const { password: operatorPassword, isNew: passwordIsNew } = await ensureOperator(
    db,
    bot.workspaceId,
    options.demoOperatorPassword,
    credentials?.operatorPassword,
    logger,
  );
  const apiKey = await ensureApiKey(db, bot.id, options.demoApiKey, credentials?.apiKey, logger);
  await writeDemoCredentials(options.dataDir, {
    botId: bot.id,
    operatorEmail: DEMO_OPERATOR_EMAIL,
    operatorPassword,
    ...(apiKey.generated && { apiKey: apiKey.generated }),
  } satisfies DemoCredentials);

  if (bot.activeModelVersion === null) {
    logger.info({ botId: bot.id }, 'the demo bot has no model yet: training one (a minute or two)');
    await trainBotModel({
      db,
      models: options.models,
      botId: bot.id,
      dataDir: options.dataDir,
      logger,
      seed: 1,
      onProgress: options.onProgress,
    });
  }

  return {
    workspaceId: bot.workspaceId,
    botId: bot.id,
    publicKey: bot.publicKey,
    operatorEmail: DEMO_OPERATOR_EMAIL,
    operatorPassword,
    passwordIsNew,
    credentialsFile: credentialsFile(options.dataDir),
    apiKey: apiKey.printable,
  };
}

/** The engine's config for the demo bot, checked by the engine's own parser so a bad answers.json fails here. */
export function demoBotConfig(data: Pick<DemoData, 'answers' | 'intentDisplayNames' | 'zh'>): Record<string, unknown> {
  const config = {
    answers: data.answers,
    intentDisplayNames: data.intentDisplayNames,
    locales: { zh: { answers: data.zh.answers, intentDisplayNames: data.zh.intentDisplayNames, texts: data.zh.texts } },
    allowedOrigins: [],
  };
  parseBotConfig(config);
  return config;
}

/** Finds the demo bot by name or creates it with its workspace and seed examples, all in one transaction. */
async function seedBot(db: Database, data: DemoData, config: Record<string, unknown>, logger: Logger): Promise<Bot> {
  return db.transaction(async (tx) => {
    await lockForTransaction(tx, SEED_LOCK_KEY);
    const existingId = await findBotIdByNames(tx, DEMO_WORKSPACE_NAME, DEMO_BOT_NAME);
    const existing = existingId && (await findBot(tx, existingId));
    if (existing) {
      await ensureSeedExamples(tx, existing.id, data);
      return existing;
    }
    const workspaceId = await createWorkspace(tx, DEMO_WORKSPACE_NAME);
    const bot = await createBot(tx, { workspaceId, name: DEMO_BOT_NAME, publicKey: newSecret('pk_demo_'), config });
    await ensureSeedExamples(tx, bot.id, data);
    logger.info({ workspaceId, botId: bot.id }, 'demo workspace and bot created');
    return bot;
  });
}

/**
 * The seed examples go into training_examples once, so that the console can retrain from the database: the
 * training split, and the held-out test split that every candidate and the live model are scored on.
 */
async function ensureSeedExamples(tx: Queryable, botId: string, data: DemoData): Promise<void> {
  if ((await countTrainingExamples(tx, botId, { source: 'seed', split: 'train' })) === 0) {
    await addTrainingExamples(tx, { botId, task: 'intent', source: 'seed', examples: data.intents });
    await addTrainingExamples(tx, { botId, task: 'sentiment', source: 'seed', examples: data.sentiment });
  }
  if ((await countTrainingExamples(tx, botId, { source: 'seed', split: 'test' })) === 0)
    await addTrainingExamples(tx, { botId, task: 'intent', source: 'seed', split: 'test', examples: data.intentTests });
}

/**
 * The operator's password: `wanted` when given, else a new random one. An existing operator keeps its password when
 * it is the one on record; otherwise (demo-credentials.json lost, or a new fixed password) it is set, because a
 * printed password that does not work is worse than none. `isNew` when it was created or set here.
 */
async function ensureOperator(
  db: Database,
  workspaceId: string,
  wanted: string | undefined,
  onRecord: string | undefined,
  logger: Logger,
): Promise<{ password: string; isNew: boolean }> {
  const existing = await findOperatorByEmail(db, DEMO_OPERATOR_EMAIL);
  const password = wanted ?? onRecord ?? newSecret().slice(0, 20);
  if (!existing) {
    await createOperator(db, { workspaceId, email: DEMO_OPERATOR_EMAIL, displayName: DEMO_OPERATOR_NAME, password, role: 'admin' });
    logger.info({ email: DEMO_OPERATOR_EMAIL }, 'demo operator created');
    return { password, isNew: true };
  }
  if (password !== onRecord && !(wanted !== undefined && (await authenticateOperator(db, DEMO_OPERATOR_EMAIL, wanted)))) {
    await setOperatorPassword(db, existing.id, password);
    logger.warn({ email: DEMO_OPERATOR_EMAIL }, 'demo operator password set anew');
    return { password, isNew: true };
  }
  return { password, isNew: false };
}

/**
 * The key to print, and the random one to remember. A fixed key is added unless a key with its value exists; without
 * one, the random key on record is reused while it still exists, else a new one is made.
 */
async function ensureApiKey(
  db: Database,
  botId: string,
  fixed: string | undefined,
  onRecord: string | undefined,
  logger: Logger,
): Promise<{ printable: string; generated: string | undefined }> {
  const recorded = onRecord !== undefined && (await apiKeyExists(db, onRecord)) ? onRecord : undefined;
  if (fixed !== undefined) {
    if (!(await apiKeyExists(db, fixed))) {
      await createApiKey(db, { botId, key: fixed, label: 'PARLEY_DEMO_API_KEY' });
      logger.info({ botId }, 'demo API key from PARLEY_DEMO_API_KEY added');
    }
    return { printable: fixed, generated: recorded };
  }
  if (recorded !== undefined) return { printable: recorded, generated: recorded };
  const { key } = await createApiKey(db, { botId, label: 'demo' });
  logger.info({ botId }, 'demo API key created');
  return { printable: key, generated: key };
}
