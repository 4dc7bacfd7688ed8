/**
 * `@parley/bot/testing`: what other workspaces' tests (tests/, the end-to-end suite) need to seed a bot server's
 * database the way the bot's own tests do, without copying the helpers.
 */
export { TEST_BOT_CONFIG } from './bot-harness.ts';
export { postgresBackend } from './engines.ts';
export { silentLogger } from './logger.ts';
export { TINY_HELD_OUT, tinyModelDir, tinyTrainingData } from './tiny-model.ts';
export { createBot, createWorkspace } from '../../src/db/bot-store.ts';
export { addModelVersion, promoteModelVersion } from '../../src/db/model-version-store.ts';
export { createOperator } from '../../src/db/operator-store.ts';
export { addTrainingExamples } from '../../src/db/demo-store.ts';
export { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server.ts';
