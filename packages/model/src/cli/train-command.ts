import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { TrainData } from '../classifier/api-types.ts';
import type { ModelArtifact } from '../classifier/artifact-schema.ts';
import type { Example, TaskName } from '../classifier/types.ts';
import { checkDataset } from '../data/check-dataset.ts';
import { cliLogger } from './cli-logger.ts';
import { UsageError } from './cli-errors.ts';
import { addColumnOptions, parseSeed, printWarnings, readDataFile, type ColumnFlags } from './dataset-options.ts';
import { progressDisplay } from './train-progress.ts';

interface TrainFlags extends ColumnFlags {
  intent: string;
  sentiment?: string;
  devIntent?: string;
  devSentiment?: string;
  out: string;
  seed?: number;
  builtins?: boolean;
}

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('train intent (and sentiment) heads and write the model to a new directory')
    .requiredOption('--intent <file>', 'intent examples (.jsonl or .csv)')
    .option('--sentiment <file>', 'sentiment examples (.jsonl or .csv)')
    .option('--dev-intent <file>', 'held-out intent examples for early stopping and calibration (default: 10% of --intent)')
    .option('--dev-sentiment <file>', 'held-out sentiment examples (default: 10% of --sentiment)')
    .requiredOption('--out <dir>', 'directory to write the model to; must not exist yet')
    .option('--seed <n>', 'seed for the split and training; same seed and data give the same model', parseSeed)
    .option('--builtins', 'also train on the built-in small talk (smalltalk.*) and the out-of-scope background (oos)');
  addColumnOptions(command).action(runTrain);
}

async function runTrain(flags: TrainFlags): Promise<void> {
  if (flags.devSentiment !== undefined && flags.sentiment === undefined) throw new UsageError('--dev-sentiment needs --sentiment');
  // Training takes minutes; better to refuse now than after it, when train() would.
  if (existsSync(flags.out)) throw new Error(`${flags.out} already exists; pass a new directory to --out`);

  const data: TrainData = { intents: await readTrainingFile(flags.intent, 'intent', flags) };
  if (flags.sentiment !== undefined) data.sentiment = await readTrainingFile(flags.sentiment, 'sentiment', flags);
  if (flags.builtins) {
    const { withBuiltinIntents, withBuiltinSentiment } = await import('../builtin/with-builtins.ts');
    data.intents = withBuiltinIntents(data.intents!, { seed: flags.seed });
    if (data.sentiment) data.sentiment = withBuiltinSentiment(data.sentiment, { seed: flags.seed });
  }
  const validation = await readValidation(flags);

  // Loaded here, not at the top: the classifier pulls in ONNX Runtime, which --help and usage errors do not need.
  const { train } = await import('../classifier/train.ts');
  const display = progressDisplay(process.stderr);
  let artifact: ModelArtifact;
  try {
    artifact = await train(data, { outDir: flags.out, seed: flags.seed, validation, logger: cliLogger() }, display.listener);
    display.finish();
  } finally {
    display.stop();
  }
  process.stdout.write(trainSummary(artifact, flags.out));
}

/**
 * Checked here so bad data fails before any model loads and its warnings show up front. The examples go to
 * train() as read: train() checks them again and keeps the same warnings with the model.
 */
async function readTrainingFile(file: string, task: TaskName, flags: ColumnFlags): Promise<Example[]> {
  const examples = await readDataFile(file, flags);
  printWarnings(checkDataset(examples, { task }).warnings);
  return examples;
}

async function readValidation(flags: TrainFlags): Promise<TrainData | undefined> {
  if (flags.devIntent === undefined && flags.devSentiment === undefined) return undefined;
  const validation: TrainData = {};
  if (flags.devIntent !== undefined) validation.intents = await readDataFile(flags.devIntent, flags);
  if (flags.devSentiment !== undefined) validation.sentiment = await readDataFile(flags.devSentiment, flags);
  return validation;
}

function trainSummary(artifact: ModelArtifact, outDir: string): string {
  const lines = [`model ${artifact.version} written to ${outDir}`];
  for (const task of ['intent', 'sentiment'] as const) {
    const model = artifact.tasks[task];
    if (model === undefined) continue;
    const accuracy = artifact.metrics[task]?.accuracy;
    const shown = typeof accuracy === 'number' ? `${(accuracy * 100).toFixed(1)}%` : 'n/a';
    lines.push(`  ${task}: ${model.labels.length} labels, validation accuracy ${shown}`);
  }
  return `${lines.join('\n')}\n`;
}
