import { CommanderError } from 'commander';

/** Exit codes follow the usual convention: 1 for a failure, 2 for a command line that makes no sense. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A combination of flags commander cannot check by itself (e.g. --dev-sentiment without --sentiment). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Prints what went wrong and returns the exit code. Users get one line; the stack is for developers
 * (PARLEY_DEBUG=1), since every expected failure (bad data, missing model files) already says where.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, debug = process.env.PARLEY_DEBUG === '1'): number {
  // Commander has already printed its own message (or the help it was asked for).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;

  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`error: ${message}\n`);
  if (error instanceof UsageError) {
    stderr.write('(add --help for usage)\n');
    return EXIT_USAGE;
  }
  if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}
