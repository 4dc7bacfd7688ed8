import { Option, type Command } from 'commander';
import type { EvaluationReport, TaskName } from '../classifier/types.ts';
import { cliLogger } from './cli-logger.ts';
import { addColumnOptions, readDataFile, type ColumnFlags } from './dataset-options.ts';
import { formatEvaluation } from './format-evaluation.ts';

interface EvalFlags extends ColumnFlags {
  model: string;
  test: string;
  task?: TaskName;
  json?: boolean;
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('evaluate a trained model on labelled test data')
    .requiredOption('--model <dir>', 'model directory written by train')
    .requiredOption('--test <file>', 'labelled test examples (.jsonl or .csv)')
    .addOption(new Option('--task <task>', 'which head to evaluate (default: intent)').choices(['intent', 'sentiment']))
    .option('--json', 'print the full report as one JSON line');
  addColumnOptions(command).action(runEval);
}

async function runEval(flags: EvalFlags): Promise<void> {
  // The data first: a typo in it should not cost a model load.
  const examples = await readDataFile(flags.test, flags);
  // Loaded on demand: see train-command.ts.
  const [{ loadModel }, { evaluate }] = await Promise.all([import('../classifier/model.ts'), import('../classifier/evaluate.ts')]);
  const model = await loadModel(flags.model, { logger: cliLogger() });
  let report: EvaluationReport;
  try {
    report = await evaluate(model, examples, flags.task === undefined ? {} : { task: flags.task });
  } finally {
    await model.close();
  }
  process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatEvaluation(report));
}
