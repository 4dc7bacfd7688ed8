import { Command } from 'commander';
import { registerClassify } from './classify-command.ts';
import { reportError } from './cli-errors.ts';
import { registerEval } from './eval-command.ts';
import { registerTrain } from './train-command.ts';

/** Subcommands are added with program.command(), so they inherit exitOverride and the output settings. */
function buildProgram(): Command {
  const program = new Command('parley-model')
    .description('train, evaluate and run Parley intent and sentiment models')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  registerTrain(program);
  registerEval(program);
  registerClassify(program);
  return program;
}

/**
 * Runs the CLI on process.argv-style arguments; returns the exit code and sets process.exitCode, leaving the
 * process to end once stdout has drained.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    code = reportError(error, process.stderr);
  }
  process.exitCode = code;
  return code;
}
