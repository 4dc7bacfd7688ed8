import type { Command } from 'commander';
import { cliLogger } from './cli-logger.ts';

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify texts; prints one JSON line per text')
    .requiredOption('--model <dir>', 'model directory written by train')
    .argument('<texts...>', 'texts to classify')
    .action(runClassify);
}

async function runClassify(texts: string[], flags: { model: string }): Promise<void> {
  // Loaded on demand: see train-command.ts.
  const { loadModel } = await import('../classifier/model.ts');
  const model = await loadModel(flags.model, { logger: cliLogger() });
  try {
    const results = await model.classify(texts);
    results.forEach((result, i) => {
      // null rather than absent, so every line has the same keys whichever tasks the model has.
      const line = { text: texts[i], language: result.language, intent: result.intent ?? null, sentiment: result.sentiment ?? null };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    });
  } finally {
    await model.close();
  }
}
