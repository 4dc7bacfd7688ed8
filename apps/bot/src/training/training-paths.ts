import path from 'node:path';

/** Where a bot's model artifacts live: one directory per version, plus `.training-*` ones while a job runs. */
export const botModelsDir = (dataDir: string, botId: string): string => path.resolve(dataDir, 'models', botId);

/**
 * The embedding cache every training shares (keyed by encoder and text), so a retrain embeds only new texts: room
 * for a bot's whole domain several times over, about 2 KB an entry.
 */
export const embeddingCache = (dataDir: string): { maxEntries: number; file: string } => ({
  maxEntries: 200_000,
  file: path.resolve(dataDir, 'cache', 'embeddings.bin'),
});
