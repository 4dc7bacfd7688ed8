import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Where a bot's model artifacts live: one directory per version, plus `.training-*` ones while a job runs. */
export const botModelsDir = (dataDir: string, botId: string): string => path.resolve(dataDir, 'models', botId);

/**
 * A fresh `.training-*` directory to train into, beside the bot's versions: train() names a version only once it
 * is done, and a rename within one directory is atomic, so a finished artifact appears whole or not at all.
 */
export async function scratchModelDir(dataDir: string, botId: string): Promise<{ botDir: string; scratch: string }> {
  const botDir = botModelsDir(dataDir, botId);
  await mkdir(botDir, { recursive: true });
  return { botDir, scratch: path.join(botDir, `.training-${randomBytes(6).toString('hex')}`) };
}

/**
 * The embedding cache every training shares (keyed by encoder and text), so a retrain embeds only new texts: room
 * for a bot's whole domain several times over, about 2 KB an entry.
 */
export const embeddingCache = (dataDir: string): { maxEntries: number; file: string } => ({
  maxEntries: 200_000,
  file: path.resolve(dataDir, 'cache', 'embeddings.bin'),
});
